package io.starec.gateway.service;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyUpdate;
import io.starec.config.StarecConfig;
import io.starec.core.policy.LoggedFeatures;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.topics.PolicySignature;
import io.starec.topics.Topics;
import io.starec.workerkit.consumer.CommitOnRevoke;
import io.starec.workerkit.consumer.DeadLetterSender;
import io.starec.workerkit.consumer.OffsetCommitter;
import io.starec.workerkit.consumer.OffsetTracker;
import io.starec.workerkit.consumer.RegistryOutage;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference gateway (DESIGN §6): consumes {@code inference.requests}, keeps at most {@code max.in.flight}
 * tasks outstanding (partitions are paused while the backlog is full), processes them on worker threads through
 * {@link TaskProcessor} (always a result, an error result when the backend fails), produces
 * {@code inference.results}, and commits offsets only behind tasks whose result (or DLQ entry) the broker has
 * acknowledged ({@link OffsetTracker}). Undecodable or invalid tasks go to the DLQ with headers. A schema registry
 * that cannot answer is an outage, not bad input: the partition is held at the record and retried with backoff
 * ({@link RegistryOutage}), {@code /health} says DEGRADED with the reason, and nothing goes to the DLQ for it. Policy
 * features that are not finite numbers never leave the gateway (dropped from the output and counted). The embedded
 * policy follows {@code policy.updates} on its own thread. {@code /health} and {@code /metrics} are served on
 * {@code http.bind.address:http.port}.
 *
 * <p>Delivery is at least once: after a crash, tasks without an acknowledged result are processed again, so a
 * task id may get two results (stream-app applies them idempotently).
 */
public final class GatewayService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

  private final GatewayConfig config;
  private final InferenceBackend backend;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final Resilience resilience;
  private final TaskProcessor processor;
  private final Topics topics;
  private final OffsetTracker tracker = OffsetTracker.create();
  private final Deque<ConsumerRecord<byte[], byte[]>> backlog = new ArrayDeque<>(); // poll thread only
  private final RegistryOutage outage;
  // tasks whose result could not be encoded during a registry outage: the poll thread holds their partitions
  private final Queue<Unencodable> unencodable = new ConcurrentLinkedQueue<>();
  private final Counter nonFiniteFeatures;
  private final Optional<PolicySignature> policySignature;
  private final AtomicInteger inFlight;
  private final int maxInFlight;
  private final long graceMs;

  private ExecutorService workers;
  private KafkaConsumer<byte[], byte[]> consumer;
  private OffsetCommitter committer;
  private KafkaProducer<byte[], byte[]> producer;
  private DeadLetterSender deadLetters;
  private Serializer<InferenceResult> resultSerializer;
  private Deserializer<InferenceTask> taskDeserializer;
  private volatile PolicyUpdateListener policyListener;
  private Thread pollThread;
  private Thread policyThread;
  private ServiceHttpServer http;
  private volatile boolean running;
  private volatile boolean abort;
  private volatile boolean loopAlive;
  private volatile Throwable failure;

  private record Unencodable(ConsumerRecord<byte[], byte[]> rec, RuntimeException cause) {}

  /** A service with the backend the config names (a Triton backend is verified first). */
  public static GatewayService create(GatewayConfig config) {
    return new GatewayService(config, Backends.create(config));
  }

  public GatewayService(GatewayConfig config, InferenceBackend backend) {
    this.config = config;
    this.backend = backend;
    this.resilience = Resilience.from(config);
    this.processor = TaskProcessor.from(config, backend, resilience, metrics);
    this.topics = StarecConfig.topics(config);
    this.inFlight = metrics.inFlight();
    this.maxInFlight = config.maxInFlight();
    this.graceMs = config.getLong(GatewayConfig.SHUTDOWN_GRACE_MS);
    this.outage = new RegistryOutage("gateway tasks", config.registryBackoff());
    // read here, so a missing or weak key fails the construction, before any client or thread exists
    this.policySignature = PolicySignature.resolve(config.getString(GatewayConfig.POLICY_SIGNING_KEY_FILE),
        System.getenv());
    Gauge.builder("starec.gateway.registry.held.partitions", this, GatewayService::heldPartitions)
        .description("Partitions held at a record while the schema registry cannot answer (0 = no outage)")
        .register(metrics.registry());
    FunctionCounter.builder("starec.gateway.registry.retries", this, GatewayService::registryRetries)
        .description("Records that could not be decoded or encoded because the schema registry did not answer "
            + "(held and retried, never dead-lettered)").register(metrics.registry());
    this.nonFiniteFeatures = Counter.builder("starec.gateway.policy.features.dropped")
        .description("Rollouts whose policy features were dropped because a value, score or temperature was not "
            + "a finite number").tag("reason", "non-finite").register(metrics.registry());
    metrics.circuitState(() -> switch (resilience.breaker().getState()) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> 3;
    });
    if (backend instanceof EmbeddedBackend e) {
      metrics.policyVersion(e.scorer().version());
    }
  }

  public synchronized GatewayService start() throws IOException {
    if (running) {
      return this;
    }
    // first, so a busy port fails start() before any client or thread exists
    http = ServiceHttpServer.bind("starec-gateway", config.getString(StarecConfig.HTTP_BIND_ADDRESS),
        config.getInt(StarecConfig.HTTP_PORT), 1).health(this::health).metrics(metrics::scrape).start();
    Properties kafka = StarecConfig.kafkaClientProperties(config);
    Map<String, Object> serdeCfg = StarecConfig.serdeConfig(config);
    String instance = UUID.randomUUID().toString().substring(0, 8);

    Properties cp = new Properties();
    cp.putAll(kafka);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(GatewayConfig.GROUP_ID));
    cp.put(ConsumerConfig.CLIENT_ID_CONFIG, "starec-gateway-" + instance);
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(500, maxInFlight)));
    cp.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    // bounded, so a revocation or shutdown never waits long on a slow broker
    committer = new OffsetCommitter(consumer, tracker, Duration.ofSeconds(10));

    Properties pp = StarecConfig.producerProperties(config);
    pp.put(ProducerConfig.CLIENT_ID_CONFIG, "starec-gateway-" + instance);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
    deadLetters = new DeadLetterSender(producer, topics.dlq().name(), "inference-gateway");

    resultSerializer = topics.inferenceResults().valueSerde(serdeCfg).serializer();
    taskDeserializer = topics.inferenceRequests().valueSerde(serdeCfg).deserializer();

    AtomicInteger n = new AtomicInteger();
    workers = Executors.newFixedThreadPool(config.workerThreads(), r -> {
      Thread t = new Thread(r, "starec-gateway-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });

    running = true;
    loopAlive = true;
    pollThread = new Thread(this::loop, "starec-gateway-poll");
    pollThread.start();

    if (backend instanceof EmbeddedBackend embedded) {
      Deserializer<PolicyUpdate> pd = topics.policyUpdates().valueSerde(serdeCfg).deserializer();
      policyListener = new PolicyUpdateListener(kafka, topics.policyUpdates().name(),
          config.getString(GatewayConfig.POLICY_NAME), pd, embedded, metrics, policySignature,
          config.getLong(GatewayConfig.POLICY_MAX_VERSION_JUMP), config.registryBackoff());
      policyThread = new Thread(policyListener, "starec-gateway-policy");
      policyThread.setDaemon(true);
      policyThread.start();
    }
    LOG.info("gateway started: backend {} ({}), {} -> {}, max in flight {}, http {}:{}", backend.name(),
        backend.modelVersion(), topics.inferenceRequests().name(), topics.inferenceResults().name(), maxInFlight,
        config.getString(StarecConfig.HTTP_BIND_ADDRESS), http.port());
    return this;
  }

  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  public Resilience resilience() {
    return resilience;
  }

  public InferenceBackend backend() {
    return backend;
  }

  /** Blocks until the poll loop ends (after {@link #close}, {@link #kill} or a fatal error). */
  public void awaitTermination() throws InterruptedException {
    Thread t = pollThread;
    if (t != null) {
      t.join();
    }
  }

  /** Why the poll loop died, or null. */
  public Throwable failure() {
    return failure;
  }

  public boolean isRunning() {
    return running && loopAlive;
  }

  ServiceHttpServer.Health health() {
    boolean up = isRunning();
    CircuitBreaker.State state = resilience.breaker().getState();
    // an outage degrades the gateway but does not make it DOWN: a restart would not bring the registry back
    Optional<RegistryOutage.Status> registry = outage.status()
        .or(() -> policyListener == null ? Optional.empty() : policyListener.outage().status());
    String status = !up ? "DOWN" : registry.isPresent() ? "DEGRADED" : "UP";
    String json = String.format("{\"status\":\"%s\",\"backend\":\"%s\",\"modelVersion\":\"%s\",\"circuit\":\"%s\","
            + "\"inFlight\":%d,\"backlog\":%d,\"registry\":%s}", status, backend.name(),
        backend.modelVersion().replace("\"", "'"), state, inFlight.get(), tracker.unfinished(),
        registry.map(RegistryOutage.Status::toJson).orElse("{\"status\":\"OK\"}"));
    return new ServiceHttpServer.Health(up, json);
  }

  private int heldPartitions() {
    return outage.heldPartitions() + (policyListener == null ? 0 : policyListener.outage().heldPartitions());
  }

  private long registryRetries() {
    return outage.retries() + (policyListener == null ? 0 : policyListener.outage().retries());
  }

  // ---------------------------------------------------------------- poll thread

  private void loop() {
    String topic = topics.inferenceRequests().name();
    long commitEvery = config.getLong(GatewayConfig.COMMIT_INTERVAL_MS);
    try {
      consumer.subscribe(List.of(topic), new CommitOnRevoke(tracker, new Rebalance()));
      long nextCommit = System.currentTimeMillis() + commitEvery;
      while (running) {
        holdUnencodable();
        boolean full = !backlog.isEmpty() || inFlight.get() >= maxInFlight;
        if (full) {
          consumer.pause(consumer.assignment());
        } else {
          outage.resumeDue(consumer, System.currentTimeMillis());
          Set<TopicPartition> resumable = new HashSet<>(consumer.paused());
          resumable.removeAll(outage.waiting()); // held by the registry outage until their retry is due
          if (!resumable.isEmpty()) {
            consumer.resume(resumable);
          }
        }
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(full ? 10 : 100))) {
          tracker.polled(new TopicPartition(rec.topic(), rec.partition()), rec.offset());
          backlog.add(rec);
        }
        dispatch();
        if (System.currentTimeMillis() >= nextCommit) {
          committer.commitAsync();
          nextCommit = System.currentTimeMillis() + commitEvery;
        }
      }
    } catch (WakeupException e) {
      // shutting down
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("gateway poll loop failed", e);
    } finally {
      loopAlive = false;
      try {
        if (!abort) {
          drainAndCommit();
        }
      } finally {
        consumer.close(abort ? Duration.ZERO : Duration.ofSeconds(5));
      }
    }
  }

  private void dispatch() {
    while (!backlog.isEmpty() && inFlight.get() < maxInFlight && running) {
      handle(backlog.poll());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> rec) {
    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
    inFlight.incrementAndGet();
    tracker.dispatched(tp, rec.offset());
    InferenceTask task;
    try {
      if (rec.value() == null) {
        throw new IllegalArgumentException("null value (tombstone) where a task was expected");
      }
      task = taskDeserializer.deserialize(rec.topic(), rec.headers(), rec.value());
    } catch (RuntimeException e) {
      if (RegistryOutage.isOutage(e)) {
        abandoned(tp, rec.offset());
        hold(rec, e);
        return;
      }
      LOG.warn("bad task record {}-{}@{} to the DLQ: {}", rec.topic(), rec.partition(), rec.offset(), e.getMessage());
      metrics.dlq("undecodable");
      sendDlq(rec, e.getClass().getName(), String.valueOf(e.getMessage()), true);
      return;
    }
    outage.released(tp);
    try {
      workers.execute(() -> run(rec, task));
    } catch (RuntimeException e) { // rejected while shutting down: leave it uncommitted
      abandoned(tp, rec.offset());
    }
  }

  /**
   * Holds the record's partition at it until the registry answers: later records of the partition that were
   * polled already are dropped from the backlog (the consumer reads them again) and stay uncommitted.
   */
  private void hold(ConsumerRecord<byte[], byte[]> rec, RuntimeException cause) {
    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
    backlog.removeIf(r -> r.partition() == rec.partition() && r.topic().equals(rec.topic()));
    outage.hold(consumer, tp, rec.offset(), cause, System.currentTimeMillis());
  }

  /**
   * Tasks whose result could not be encoded because the registry did not answer go back to their record like an
   * undecodable one. Later records of the partition that are running or done are read again: a duplicate result,
   * which the at-least-once contract allows, rather than a task without one.
   */
  private void holdUnencodable() {
    Unencodable u;
    while ((u = unencodable.poll()) != null) {
      if (consumer.assignment().contains(new TopicPartition(u.rec().topic(), u.rec().partition()))) {
        hold(u.rec(), u.cause());
      }
    }
  }

  // ---------------------------------------------------------------- worker threads

  private void run(ConsumerRecord<byte[], byte[]> rec, InferenceTask task) {
    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
    try {
      TaskProcessor.Outcome outcome = processor.process(task);
      if (abort) {
        // killed meanwhile: the backend call was cut short, so this is no answer; the next owner redoes the task
        abandoned(tp, rec.offset());
        return;
      }
      if (outcome.invalidReason() != null) {
        metrics.dlq("invalid-task");
        sendDlq(rec, "io.starec.gateway.InvalidTask", outcome.invalidReason(), false);
      }
      InferenceResult result = outcome.result();
      dropNonFiniteFeatures(result);
      String topic = topics.inferenceResults().name();
      byte[] value;
      try {
        value = resultSerializer.serialize(topic, result);
      } catch (RuntimeException e) {
        if (!RegistryOutage.isOutage(e)) {
          throw e;
        }
        LOG.warn("result of task {} not encoded, the schema registry did not answer; its partition is held: {}",
            task.getTaskId(), e.getMessage());
        abandoned(tp, rec.offset());
        unencodable.add(new Unencodable(rec, e));
        return;
      }
      byte[] key = result.getUserId().isEmpty() ? rec.key() : result.getUserId().getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic, key, value), (md, ex) -> {
        if (ex == null) {
          finished(tp, rec.offset());
        } else {
          if (!abort) {
            LOG.error("result of task {} not written; its offset stays uncommitted: {}", result.getTaskId(),
                ex.toString());
          }
          abandoned(tp, rec.offset());
        }
      });
    } catch (RuntimeException e) {
      if (!abort) {
        LOG.error("result of task {} not written; its offset stays uncommitted", task.getTaskId(), e);
      }
      abandoned(tp, rec.offset());
    }
  }

  /** A NaN or an infinity in the features would poison the learner downstream: the rollout goes out without them. */
  private void dropNonFiniteFeatures(InferenceResult result) {
    for (InferenceOutput o : result.getOutputs()) {
      String why = o.getPolicyFeatures() == null ? null : LoggedFeatures.nonFinite(o.getPolicyFeatures());
      if (why != null) {
        LOG.warn("task {} rollout {}: policy features dropped, {} is not a finite number", result.getTaskId(),
            o.getRollout(), why);
        o.setPolicyFeatures(null);
        nonFiniteFeatures.increment();
      }
    }
  }

  private void sendDlq(ConsumerRecord<byte[], byte[]> rec, String errorClass, String message, boolean completes) {
    TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
    try {
      deadLetters.send(rec, "task", errorClass, message, (md, ex) -> {
        if (ex != null) {
          LOG.error("DLQ write failed for {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), ex.toString());
        }
        if (completes) {
          if (ex == null) {
            finished(tp, rec.offset());
          } else {
            abandoned(tp, rec.offset());
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.error("DLQ write failed for {}-{}@{}", rec.topic(), rec.partition(), rec.offset(), e);
      if (completes) {
        abandoned(tp, rec.offset());
      }
    }
  }

  private void finished(TopicPartition tp, long offset) {
    tracker.finished(tp, offset);
    inFlight.decrementAndGet();
  }

  /** The task's slot is freed but its offset is not: a restart will process it again. */
  private void abandoned(TopicPartition tp, long offset) {
    tracker.abandoned(tp, offset);
    inFlight.decrementAndGet();
  }

  // ---------------------------------------------------------------- commits and rebalances

  /** A failed commit is logged and left: the next commit, or the next owner, covers it. */
  private void commitSync(Collection<TopicPartition> partitions) {
    try {
      committer.commitSync(partitions);
    } catch (RuntimeException e) {
      LOG.warn("commit failed: {}", e.toString());
    }
  }

  private void drainAndCommit() {
    try {
      Collection<TopicPartition> assigned = consumer.assignment();
      if (!tracker.awaitRunning(assigned, graceMs)) {
        LOG.warn("shutdown: {} tasks still running after {} ms; they will be redone", tracker.running(), graceMs);
      }
      commitSync(assigned);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("final commit failed: {}", e.toString());
    }
  }

  /** Revoked partitions: their running tasks may finish (up to shutdown.grace.ms), unless killed. */
  private final class Rebalance implements CommitOnRevoke.Owner {
    @Override
    public void commitFinished(Collection<TopicPartition> revoked) {
      if (abort) {
        return;
      }
      try {
        tracker.awaitRunning(revoked, graceMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      commitSync(revoked);
    }

    @Override
    public void forget(Collection<TopicPartition> gone) {
      backlog.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
      outage.forget(gone);
    }

    @Override
    public void assigned(Collection<TopicPartition> assigned) {
      LOG.info("gateway assigned {}", assigned);
    }
  }

  // ---------------------------------------------------------------- shutdown

  /** Graceful: stop polling, let in-flight tasks finish (up to shutdown.grace.ms), commit, close. */
  @Override
  public void close() {
    stop(false);
  }

  /** Abrupt, like a crash: no waiting and no final commit; unacknowledged tasks are redone by the next owner. */
  public void kill() {
    stop(true);
  }

  private synchronized void stop(boolean hard) {
    if (pollThread == null) {
      backend.close();
      return;
    }
    abort = hard;
    running = false;
    if (hard) {
      workers.shutdownNow();
      producer.close(Duration.ZERO);
    }
    try {
      pollThread.join(graceMs + 15_000);
      if (policyListener != null) {
        policyListener.stop();
        policyThread.join(5_000);
      }
      workers.shutdown();
      workers.awaitTermination(hard ? 1 : 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!hard) {
      producer.close(Duration.ofSeconds(10));
    }
    if (http != null) {
      http.close();
    }
    backend.close();
    pollThread = null;
    LOG.info("gateway stopped ({})", hard ? "killed" : "closed");
  }
}
