package io.starec.replay;

import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.RankingRequest;
import io.starec.avro.UserProfile;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.DatasetUser;
import io.starec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a {@link ReplayLog}: the catalogue (items by itemId, users by userId), then the interactions (by userId)
 * in timestamp order, source REPLAY, with stable event ids, paced by {@link Pacing}.
 *
 * <p><b>Simulated rankings.</b> For an event marked in the log, the replay first sends the ranking request the
 * paper's training loop would make (the item plus negatives the user never touched; stable request id; timestamp =
 * the event's), <i>waits for its response</i> on the responses topic, and only then sends the interaction. Why:
 * the stream app analyses an interaction against the user's pending prediction, which exists only once the
 * gateway's result is back and applied; sending the interaction right after the request (same key, same partition
 * though it is) would usually find nothing pending, and no reflection or reward would follow. The response is
 * committed in the same transaction as the pending prediction, so seeing it means the prediction is stored.
 *
 * <p>Waiting one round trip per event would be slow, so up to {@code maxUsersInFlight} users wait at once: events
 * of other users within a lookahead window start while one waits; a user's own events never overtake each other.
 * Interactions of different users may therefore reach Kafka slightly out of global timestamp order (never a user's
 * own).
 *
 * <p><b>Deadlines.</b> A simulated request's timestamp is the event's (old) time, but its deadline is the wall clock
 * plus {@code responseTimeout}: an event-time deadline would expire as soon as other users' events move stream time
 * past it (they do, while it is in flight), and the gateway measures deadlines on the wall clock. After
 * {@code responseTimeout} without an answer, the interaction is sent anyway and counted as unanswered.
 *
 * <p>Simulated requests name the dataset as their {@code dataSource}: their reward records say
 * {@code starec/<dataset>/rank} whatever the stream app's {@code data.source.name}.
 *
 * <p>Record timestamps are the wall clock (topic retention applies to when the replay ran); event time travels in
 * {@code timestampMs}, which the stream app reads.
 */
public final class Replayer {

  private final Properties kafka;
  private final Map<String, ?> serdeConfig;
  private final Topics topics;
  private volatile boolean stopRequested;

  public Replayer(Properties kafka, Map<String, ?> serdeConfig, Topics topics) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.serdeConfig = Map.copyOf(serdeConfig);
    this.topics = Objects.requireNonNull(topics, "topics");
  }

  /** Ends a running replay after the events already started (callable from any thread). */
  public void stop() {
    stopRequested = true;
  }

  /** Runs the replay; simulated rankings go through a client it creates (and closes). */
  public ReplayResult run(ReplayLog log, ReplayOptions options, ReplayListener listener) throws InterruptedException {
    if (log.simulatedCount() == 0) {
      return run(log, options, listener, null);
    }
    try (RankingClient client = new RankingClient(kafka, serdeConfig, topics, "starec-replay",
        options.unknownItemRetries())) {
      return run(log, options, listener, client);
    }
  }

  /** Runs the replay with a given ranking client (shared, e.g. by the demo's live traffic); null if none needed. */
  public ReplayResult run(ReplayLog log, ReplayOptions options, ReplayListener listener, RankingClient client)
      throws InterruptedException {
    if (log.simulatedCount() > 0 && client == null) {
      throw new IllegalArgumentException("simulated rankings need a ranking client");
    }
    ReplayListener l = listener == null ? ReplayListener.NONE : listener;
    long t0 = System.nanoTime();
    if (options.publishCatalogue()) {
      publishCatalogue(log);
    }
    long catalogueNanos = System.nanoTime() - t0;
    l.catalogue(log.items().size(), log.users().size());
    Properties p = producerProperties("starec-replay-interactions");
    try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(p, new StringSerializer(),
        topics.interactions().valueSerde(serdeConfig).serializer())) {
      Run run = new Run(log, options, l, client, producer);
      run.loop();
      producer.flush();
      return new ReplayResult(log.items().size(), log.users().size(), run.sent, run.requested, run.answered,
          run.degraded, run.errors, run.failed, run.parseFailures, catalogueNanos, System.nanoTime() - t0,
          run.stoppedEarly);
    }
  }

  /** Items and user profiles, keyed by their ids; flushed before the interactions start. */
  public void publishCatalogue(ReplayLog log) {
    Properties p = producerProperties("starec-replay-catalogue");
    try (KafkaProducer<String, Item> items = new KafkaProducer<>(p, new StringSerializer(),
        topics.items().valueSerde(serdeConfig).serializer());
        KafkaProducer<String, UserProfile> users = new KafkaProducer<>(p, new StringSerializer(),
            topics.users().valueSerde(serdeConfig).serializer())) {
      for (DatasetItem i : log.items()) {
        items.send(new ProducerRecord<>(topics.items().name(), i.itemId(), Records.item(i)));
      }
      for (DatasetUser u : log.users()) {
        users.send(new ProducerRecord<>(topics.users().name(), u.userId(), Records.user(u)));
      }
      items.flush();
      users.flush();
    }
  }

  private Properties producerProperties(String clientId) {
    return producerProperties(kafka, clientId);
  }

  /**
   * The replay's producer settings: batching defaults, then the caller's settings (they win: compression.type,
   * linger.ms, batch.size, ...), then what correctness needs. Records are uncompressed unless the caller says
   * otherwise: clients with only their ecosystem's built-in codecs (kafkajs: gzip) read every topic.
   */
  static Properties producerProperties(Properties kafka, String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.putAll(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // a retried batch is not written twice
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    return p;
  }

  /** Wall clock (or event time, if later) plus the timeout: see the class comment. */
  public static long deadline(long eventTimeMs, Duration timeout) {
    return Math.max(System.currentTimeMillis(), eventTimeMs) + timeout.toMillis();
  }

  /** One simulated ranking that finished (answered or not). */
  private record Done(int event, RankingClient.Reply reply, Throwable error) {}

  /** The state of one replay run, driven by a single thread. */
  private final class Run {
    final ReplayLog log;
    final ReplayOptions options;
    final ReplayListener listener;
    final RankingClient client;
    final KafkaProducer<String, Interaction> producer;
    final NegativeSampler sampler;
    final Pacing.Pacer pacer;
    final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    final Set<Integer> busyUsers = new HashSet<>();
    List<Integer> window = new ArrayList<>();
    int next;
    int inFlight;
    long started;
    long sent;
    long requested;
    long answered;
    long degraded;
    long errors;
    long failed;
    long parseFailures;
    boolean stoppedEarly;
    final AtomicLong sendErrors = new AtomicLong();

    Run(ReplayLog log, ReplayOptions options, ReplayListener listener, RankingClient client,
        KafkaProducer<String, Interaction> producer) {
      this.log = log;
      this.options = options;
      this.listener = listener;
      this.client = client;
      this.producer = producer;
      this.sampler = new NegativeSampler(log, options.negatives(), options.seed());
      this.pacer = options.pacing().start(log.size() > 0 ? log.eventTime(0) : 0);
    }

    void loop() throws InterruptedException {
      while (true) {
        if (stopRequested || Thread.currentThread().isInterrupted()) {
          stoppedEarly = next < log.size() || !window.isEmpty();
          return;
        }
        Done d;
        while ((d = done.poll()) != null) {
          finish(d);
        }
        while (window.size() < options.lookahead() && next < log.size()) {
          window.add(next++);
        }
        if (window.isEmpty() && inFlight == 0) {
          checkSendErrors();
          return;
        }
        long waitNanos = scan();
        if (waitNanos > 0) {
          Done first = done.poll(waitNanos, TimeUnit.NANOSECONDS);
          if (first != null) {
            finish(first);
          }
        }
      }
    }

    /**
     * Starts every event of the window that may start now, in order. Returns how long to wait for something to
     * change (0: go again at once).
     */
    long scan() {
      Set<Integer> blocked = new HashSet<>(busyUsers);
      List<Integer> kept = new ArrayList<>(window.size());
      long wait = TimeUnit.MILLISECONDS.toNanos(50);
      boolean startedAny = false;
      int i = 0;
      for (; i < window.size(); i++) {
        int e = window.get(i);
        int u = log.userIndex(e);
        if (blocked.contains(u)) {
          kept.add(e);
          continue;
        }
        long due = pacer.dueNanos(started, log.eventTime(e));
        long now = System.nanoTime();
        if (due - now > 0) {
          wait = Math.min(wait, due - now);
          break; // later events are due later still
        }
        if (log.simulated(e)) {
          if (inFlight >= options.maxUsersInFlight()) {
            blocked.add(u);
            kept.add(e);
            continue;
          }
          startRanking(e);
          blocked.add(u);
        } else {
          sendInteraction(e);
        }
        started++;
        startedAny = true;
      }
      for (; i < window.size(); i++) {
        kept.add(window.get(i));
      }
      window = kept;
      return startedAny ? 0 : wait;
    }

    void startRanking(int e) {
      long t = log.eventTime(e);
      RankingRequest request = RankingRequest.newBuilder()
          .setRequestId(EventIds.simulatedRequestId(log.eventId(e))).setUserId(log.userId(e))
          .setCandidateItemIds(sampler.candidates(e)).setDeadlineMs(deadline(t, options.responseTimeout()))
          .setMode(options.mode()).setReplyTo(null).setTimestampMs(t).setDataSource(log.dataSourceName()).build();
      busyUsers.add(log.userIndex(e));
      inFlight++;
      requested++;
      client.send(request, options.responseTimeout())
          .whenComplete((reply, error) -> done.add(new Done(e, reply, error)));
    }

    void finish(Done d) {
      inFlight--;
      busyUsers.remove(log.userIndex(d.event()));
      if (d.error() != null) {
        failed++;
        listener.rankingFailed(d.event(), d.error());
      } else {
        answered++;
        var r = d.reply().response();
        if (r.getError() != null) {
          errors++;
        } else {
          if (r.getDegraded()) {
            degraded++;
          }
          if (ParseIssues.failure(r.getParseIssues())) {
            parseFailures++;
          }
        }
        listener.ranked(d.event(), d.reply());
      }
      sendInteraction(d.event());
    }

    void sendInteraction(int e) {
      Interaction interaction = Records.interaction(log, e);
      producer.send(new ProducerRecord<>(topics.interactions().name(), interaction.getUserId(), interaction),
          (md, ex) -> {
            if (ex != null) {
              sendErrors.incrementAndGet();
            }
          });
      sent++;
      listener.interaction(e, interaction.getTimestampMs());
    }

    void checkSendErrors() {
      producer.flush();
      if (sendErrors.get() > 0) {
        throw new IllegalStateException(sendErrors.get() + " interactions could not be written to "
            + topics.interactions().name());
      }
    }
  }

}
