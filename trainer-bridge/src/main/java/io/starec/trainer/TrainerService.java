package io.starec.trainer;

import io.starec.avro.RewardRecord;
import io.starec.core.policy.LoggedFeatures;
import io.starec.trainer.export.Manifest;
import io.starec.trainer.export.TrainingExporter;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.group.GroupMember;
import io.starec.trainer.group.GrpoGroup;
import io.starec.workerkit.consumer.CommitOnRevoke;
import io.starec.workerkit.consumer.DeadLetterSender;
import io.starec.workerkit.consumer.DurabilityAck;
import io.starec.workerkit.consumer.OffsetCommitter;
import io.starec.workerkit.consumer.OffsetTracker;
import io.starec.workerkit.consumer.RegistryOutage;
import io.starec.workerkit.http.ServiceHttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's poll loop: reward records -> GRPO groups -> exports (and the learner), committing offsets only
 * behind durable output.
 *
 * <p>Offsets: every consumed record is pending in the {@link OffsetTracker} until its group was written to a
 * finished file, or the group was dropped and counted (fewer than 2 rollouts, all rewards equal), or the record
 * was late, a duplicate, or dead-lettered (after the DLQ send was acknowledged; records with a reward, NDCG or
 * policy feature that is not a finite number are dead-lettered before they reach a group, the exports or the
 * learner). A record the schema registry could not answer for is none of these: its partition is held at it and
 * retried ({@link RegistryOutage}), and {@code /health} says DEGRADED meanwhile. A partition's commit is its
 * smallest pending offset. The tracker's state goes into the manifest, so after a restart records between the
 * committed offset and the last exported one are skipped instead of exported twice. On a rebalance the open
 * files are finished and committed first; open groups of revoked partitions are forgotten (the next owner reads
 * them again). Delivery to the exports is therefore exactly-once across restarts of one trainer, and
 * at-least-once (duplicates within one group timeout) across rebalances between trainers.
 */
public final class TrainerService implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

  private final Consumer<byte[], byte[]> consumer;
  private final Deserializer<RewardRecord> deserializer;
  private final DeadLetterSender deadLetters;
  private final Producer<byte[], byte[]> dlqProducer;
  private final TrainingExporter exporter;
  private final GroupAssembler assembler;
  private final OffsetTracker tracker = OffsetTracker.rememberingFinished();
  private final OffsetCommitter committer;
  private final Counters counters;
  private final RegistryOutage outage;
  private final GroupListener listener;
  private final Clock clock;
  private final String topic;
  private final Duration pollTimeout;
  private final long commitIntervalMs;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean stopped = new AtomicBoolean(false);
  private final Map<TopicPartition, Set<Long>> skip = new HashMap<>();
  private final List<PendingDeadLetter> pendingDeadLetters = new ArrayList<>();
  private volatile long lastPollMs;
  private volatile int openGroupsGauge;
  private volatile int pendingGauge;
  private volatile Throwable failure;
  private long lastCommitMs;

  private record PendingDeadLetter(TopicPartition tp, long offset, Future<RecordMetadata> send) {}

  public TrainerService(Consumer<byte[], byte[]> consumer, Deserializer<RewardRecord> deserializer,
                        Producer<byte[], byte[]> dlqProducer, String dlqTopic,
                        TrainingExporter exporter, GroupAssembler assembler, Counters counters,
                        GroupListener listenerOrNull, Clock clock, String topic, Duration pollTimeout,
                        long commitIntervalMs, RegistryOutage outage) {
    this.consumer = consumer;
    this.deserializer = deserializer;
    this.dlqProducer = dlqProducer;
    this.deadLetters = new DeadLetterSender(dlqProducer, dlqTopic, "trainer-bridge");
    this.committer = new OffsetCommitter(consumer, tracker);
    this.exporter = exporter;
    this.assembler = assembler;
    this.counters = counters;
    this.outage = outage;
    this.listener = listenerOrNull;
    this.clock = clock;
    this.topic = topic;
    this.pollTimeout = pollTimeout;
    this.commitIntervalMs = commitIntervalMs;
    this.lastPollMs = clock.millis();
    exporter.store().consumerState(this::positions);
    exporter.store().counters(counters::snapshot);
  }

  @Override
  public void run() {
    try {
      subscribe();
      while (running.get()) {
        try {
          pollOnce();
        } catch (WakeupException e) {
          if (running.get()) {
            throw e;
          }
        }
      }
      shutdown();
    } catch (Throwable t) {
      failure = t;
      LOG.error("trainer stopped on an error; offsets after the last durable file were not committed", t);
      exporter.store().abortOpen();
    } finally {
      stopped.set(true);
      try {
        consumer.close();
      } catch (RuntimeException e) {
        LOG.warn("consumer close failed", e);
      }
      if (listener != null) {
        listener.close();
      }
    }
  }

  /** Subscribes to the rewards topic with the rebalance handling described above. */
  public void subscribe() {
    consumer.subscribe(List.of(topic), new CommitOnRevoke(tracker, new Rebalance()));
  }

  /** One loop iteration: poll, group, flush expired groups, roll due files, commit what became durable. */
  public void pollOnce() throws Exception {
    outage.resumeDue(consumer, clock.millis());
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    long now = clock.millis();
    lastPollMs = now;
    Set<TopicPartition> held = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> rec : records) {
      TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
      if (held.contains(tp)) {
        continue; // read again once the registry answers
      }
      if (process(rec, tp, now)) {
        counters.inc(Counters.RECORDS);
      } else {
        held.add(tp);
      }
    }
    for (GrpoGroup g : assembler.expire(now)) {
      flushGroup(g, now);
    }
    for (GrpoGroup g : assembler.shedOverBudget()) {
      counters.inc(Counters.GROUPS_OVER_BYTE_BUDGET);
      flushGroup(g, now);
    }
    if (listener != null) {
      try {
        listener.tick(now);
      } catch (Exception e) {
        counters.inc(Counters.LEARNER_ERRORS);
        LOG.error("learner tick failed; continuing with the exports", e);
      }
    }
    boolean rolled = !exporter.maybeRoll(now).isEmpty();
    if (rolled || now - lastCommitMs >= commitIntervalMs) {
      commit(null);
      lastCommitMs = now;
    }
    openGroupsGauge = assembler.openGroups();
    pendingGauge = tracker.unfinished();
  }

  /** Finishes open files, settles dead letters, writes the manifest and commits (open groups stay uncommitted). */
  public void shutdown() throws Exception {
    long now = clock.millis();
    exporter.rollAll(now);
    settleDeadLetters();
    exporter.store().writeManifest(now);
    try {
      commit(null);
    } catch (WakeupException e) {
      commit(null); // the wakeup of close() may land on the first blocking call after the loop
    }
  }

  /**
   * Handles one record; false when the registry could not answer for it, so its partition is now held at it (the
   * record stays pending and is read again after the retry).
   */
  private boolean process(ConsumerRecord<byte[], byte[]> rec, TopicPartition tp, long now) throws Exception {
    Set<Long> done = skip.get(tp);
    if (done != null && done.remove(rec.offset())) {
      tracker.skipped(tp, rec.offset());
      counters.inc(Counters.RECORDS_SKIPPED_REPLAY);
      return true;
    }
    tracker.polled(tp, rec.offset());
    RewardRecord value;
    try {
      value = deserializer.deserialize(rec.topic(), rec.headers(), rec.value());
      if (value == null) {
        throw new IllegalArgumentException("null reward record (tombstone)");
      }
      if (value.getGroupId() == null || value.getGroupId().isEmpty()) {
        throw new IllegalArgumentException("reward record without groupId");
      }
      String nonFinite = nonFinite(value);
      if (nonFinite != null) {
        counters.inc(Counters.RECORDS_NON_FINITE);
        throw new IllegalArgumentException("reward record " + value.getRecordId() + " refused: " + nonFinite
            + " is not a finite number");
      }
    } catch (RuntimeException e) {
      if (RegistryOutage.isOutage(e)) {
        outage.hold(consumer, tp, rec.offset(), e, now);
        return false;
      }
      counters.inc(Counters.RECORDS_DLQ);
      LOG.warn("dead-lettering {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.toString());
      pendingDeadLetters.add(new PendingDeadLetter(tp, rec.offset(), deadLetters.send(rec, "trainer", e)));
      return true;
    }
    outage.released(tp);
    int bytes = rec.value() == null ? 0 : rec.value().length;
    GroupAssembler.AddResult r = assembler.add(new GroupMember(value, tp, rec.offset(), bytes), now);
    switch (r.outcome()) {
      case LATE -> {
        counters.inc(Counters.RECORDS_LATE);
        tracker.finished(tp, rec.offset());
      }
      case DUPLICATE -> {
        counters.inc(Counters.RECORDS_DUPLICATE);
        tracker.finished(tp, rec.offset());
      }
      case COMPLETED -> flushGroup(r.completed(), now);
      case PENDING -> { }
      default -> throw new IllegalStateException("unknown outcome " + r.outcome());
    }
    return true;
  }

  /** What in the record is not a finite number (it would poison the advantages, the learner and its checkpoint). */
  private static String nonFinite(RewardRecord r) {
    if (!Double.isFinite(r.getReward())) {
      return "reward " + r.getReward();
    }
    if (!Double.isFinite(r.getNdcgAt10())) {
      return "ndcgAt10 " + r.getNdcgAt10();
    }
    return r.getPolicyFeatures() == null ? null : LoggedFeatures.nonFinite(r.getPolicyFeatures());
  }

  private void flushGroup(GrpoGroup g, long now) throws Exception {
    DurabilityAck ack = new DurabilityAck(() -> g.members().forEach(m -> tracker.finished(m.partition(), m.offset())));
    exporter.accept(g, ack, now);
    ack.seal();
    if (listener != null && g.trainable()) {
      try {
        listener.onGroup(g, now);
      } catch (Exception e) {
        // the learner is best effort: the exports (and the offsets behind them) go on without it
        counters.inc(Counters.LEARNER_ERRORS);
        LOG.error("learner failed on group {}; continuing with the exports", g.key(), e);
      }
    }
  }

  /** Waits for dead-letter sends, then releases their offsets; a failed send stops the trainer. */
  private void settleDeadLetters() throws Exception {
    if (pendingDeadLetters.isEmpty()) {
      return;
    }
    dlqProducer.flush();
    for (PendingDeadLetter p : pendingDeadLetters) {
      p.send().get();
      tracker.finished(p.tp(), p.offset());
    }
    pendingDeadLetters.clear();
  }

  private void commit(Collection<TopicPartition> only) throws Exception {
    settleDeadLetters();
    Map<TopicPartition, OffsetAndMetadata> committed = only == null ? committer.commitSync()
        : committer.commitSync(only);
    if (!committed.isEmpty()) {
      counters.inc(Counters.COMMITS);
    }
  }

  private Map<String, Manifest.PartitionPosition> positions() {
    Map<String, Manifest.PartitionPosition> out = new TreeMap<>();
    tracker.snapshot().forEach((tp, s) -> out.put(tp.toString(),
        new Manifest.PartitionPosition(tp.topic(), tp.partition(), s.watermark(), s.done())));
    return out;
  }

  /** Revoked partitions: open files are finished and committed; saved positions say where assigned ones resume. */
  private final class Rebalance implements CommitOnRevoke.Owner {

    @Override
    public void commitFinished(Collection<TopicPartition> revoked) throws Exception {
      exporter.rollAll(clock.millis());
      commit(revoked);
    }

    @Override
    public void forget(Collection<TopicPartition> partitions) {
      Set<TopicPartition> gone = new HashSet<>(partitions);
      assembler.discard(gone::contains);
      gone.forEach(skip::remove);
      outage.forget(gone);
      pendingDeadLetters.removeIf(p -> gone.contains(p.tp()));
      openGroupsGauge = assembler.openGroups();
      pendingGauge = tracker.unfinished();
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
      Map<String, Manifest.PartitionPosition> saved = exporter.store().manifest().consumer;
      for (TopicPartition tp : partitions) {
        Manifest.PartitionPosition pos = saved.get(tp.toString());
        if (pos == null) {
          continue;
        }
        OffsetAndMetadata c = committed.get(tp);
        long start = c == null ? -1 : c.offset();
        if (pos.watermark() > start) {
          LOG.info("{}: resuming at {} (exported up to there; committed {})", tp, pos.watermark(), start);
          consumer.seek(tp, pos.watermark());
          start = pos.watermark();
        }
        long from = start;
        Set<Long> done = new HashSet<>();
        pos.done().stream().filter(o -> o >= from).forEach(done::add);
        if (!done.isEmpty()) {
          skip.put(tp, done);
        }
      }
    }
  }

  public boolean healthy(long nowMs, long maxPollGapMs) {
    return failure == null && !stopped.get() && nowMs - lastPollMs <= maxPollGapMs;
  }

  /**
   * The {@code /health} answer: {@link #healthy} with the open groups and pending offsets; DEGRADED (still 200)
   * with the reason while a registry outage holds partitions, since a restart would not bring the registry back.
   */
  public ServiceHttpServer.Health health(long nowMs, long maxPollGapMs) {
    boolean up = healthy(nowMs, maxPollGapMs);
    Optional<RegistryOutage.Status> registry = outage.status();
    String status = !up ? "DOWN" : registry.isPresent() ? "DEGRADED" : "UP";
    return new ServiceHttpServer.Health(up, "{\"status\":\"" + status + "\",\"openGroups\":" + openGroups()
        + ",\"pendingOffsets\":" + pendingOffsets() + ",\"registry\":"
        + registry.map(RegistryOutage.Status::toJson).orElse("{\"status\":\"OK\"}") + "}");
  }

  /** Partitions held by a schema registry outage (a gauge). */
  public int heldPartitions() {
    return outage.heldPartitions();
  }

  /** Records held because the registry did not answer, so far (a counter). */
  public long registryRetries() {
    return outage.retries();
  }

  public Throwable failure() {
    return failure;
  }

  /** Open groups as of the last loop iteration (safe to read from other threads). */
  public int openGroups() {
    return openGroupsGauge;
  }

  /** Consumed records not yet durable or dropped, as of the last loop iteration. */
  public int pendingOffsets() {
    return pendingGauge;
  }

  public Counters counters() {
    return counters;
  }

  /** Stops the loop: open files are finished and committed; open groups are left for the next start. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
  }

  public boolean stopped() {
    return stopped.get();
  }
}
