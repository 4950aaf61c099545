package io.starec.trainer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.topics.Topics;
import io.starec.trainer.export.ExportStore;
import io.starec.trainer.export.FileFormat;
import io.starec.trainer.export.TrainingExporter;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.learn.Learners;
import io.starec.trainer.sft.ScreeningStats;
import io.starec.trainer.sft.SftExport;
import io.starec.trainer.sft.SftScreen;
import io.starec.workerkit.consumer.RegistryOutage;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running trainer: the Kafka clients, the export folder, the poll thread and the HTTP endpoints, built from a
 * {@link TrainerConfig}. The learner, if any, is passed in (it is built by whoever has the policy code).
 */
public final class TrainerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerApp.class);

  private final TrainerService service;
  private final Thread thread;
  private final ServiceHttpServer http;
  private final ExportStore store;
  private final PrometheusMeterRegistry registry;

  private TrainerApp(TrainerService service, ExportStore store, PrometheusMeterRegistry registry,
                     ServiceHttpServer http) {
    this.service = service;
    this.store = store;
    this.registry = registry;
    this.http = http;
    this.thread = new Thread(service, "trainer-poll");
  }

  /** Builds and starts a trainer; the embedded learner runs when trainer.learner.enabled is true. */
  public static TrainerApp start(TrainerConfig cfg) throws IOException {
    return start(cfg, null);
  }

  /**
   * Builds and starts a trainer.
   *
   * @param learnerFactory builds the group listener from the counters instead of the configured learner (tests);
   *     null = from the configuration
   */
  public static TrainerApp start(TrainerConfig cfg, Function<Counters, GroupListener> learnerFactory)
      throws IOException {
    // first, so a busy port fails before the export folder is locked or any client exists
    ServiceHttpServer http = ServiceHttpServer.bind("starec-trainer", cfg.getString(StarecConfig.HTTP_BIND_ADDRESS),
        cfg.getInt(StarecConfig.HTTP_PORT), 1);
    try {
      return start(cfg, learnerFactory, http);
    } catch (IOException | RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static TrainerApp start(TrainerConfig cfg, Function<Counters, GroupListener> learnerFactory,
      ServiceHttpServer http) throws IOException {
    Topics topics = StarecConfig.topics(cfg);
    Counters counters = new Counters();
    ExportStore store = new ExportStore(cfg.exportDir(), cfg.parquetCompression());
    counters.restore(store.manifest().counters);
    ScreeningStats stats = new ScreeningStats();
    stats.restore(store.manifest().screening);
    long rollBytes = cfg.getLong(TrainerConfig.ROLL_BYTES);
    long rollMs = cfg.getLong(TrainerConfig.ROLL_MS);
    SftExport sft = null;
    if (cfg.getBoolean(TrainerConfig.SFT_ENABLED)) {
      Set<TaskKind> tasks = cfg.getList(TrainerConfig.SFT_TASKS).stream()
          .map(s -> TaskKind.valueOf(s.trim().toUpperCase(Locale.ROOT))).collect(Collectors.toSet());
      SftScreen screen = new SftScreen(cfg.getDouble(TrainerConfig.SFT_NDCG_THRESHOLD),
          cfg.getInt(TrainerConfig.SFT_MIN_THINK_CHARS), cfg.getList(TrainerConfig.SFT_KEYWORDS), tasks);
      sft = new SftExport(store, screen, stats, cfg.getString(TrainerConfig.SFT_DATASET), rollBytes, rollMs);
    }
    TrainingExporter exporter = new TrainingExporter(store, FileFormat.parse(cfg.getString(TrainerConfig.EXPORT_FORMAT)),
        rollBytes, rollMs, cfg.getString(TrainerConfig.EXPORT_SPLIT), sft, counters);
    store.screening(stats::toMap);

    Properties kafka = StarecConfig.kafkaClientProperties(cfg);
    Properties cp = new Properties();
    cp.putAll(kafka);
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, cfg.getString(TrainerConfig.CONSUMER_GROUP));
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // stream-app writes rewards under EOS
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    Properties pp = StarecConfig.producerProperties(cfg);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    KafkaProducer<byte[], byte[]> dlq = new KafkaProducer<>(pp, topics.dlq().keySerde().serializer(),
        topics.dlq().valueSerde(StarecConfig.serdeConfig(cfg)).serializer());
    // bytes in, decoded by the service: an undecodable reward is dead-lettered, not a poll loop failure
    Deserializer<RewardRecord> deser = topics.trainingRewards().valueSerde(StarecConfig.serdeConfig(cfg))
        .deserializer();

    GroupAssembler assembler = new GroupAssembler(cfg.getLong(TrainerConfig.GROUP_TIMEOUT_MS),
        cfg.getInt(TrainerConfig.GROUP_MAX_SIZE), cfg.getInt(TrainerConfig.GROUP_MAX_OPEN),
        cfg.getLong(TrainerConfig.GROUP_MAX_BYTES), cfg.getDouble(TrainerConfig.ADVANTAGE_EPSILON), 100_000);
    GroupListener learner = learnerFactory != null ? learnerFactory.apply(counters)
        : cfg.getBoolean(TrainerConfig.LEARNER_ENABLED) ? Learners.create(cfg, counters) : null;
    TrainerService service = new TrainerService(consumer, deser, dlq, topics.dlq().name(), exporter, assembler,
        counters, learner, Clock.systemUTC(), topics.trainingRewards().name(),
        Duration.ofMillis(cfg.getLong(TrainerConfig.POLL_TIMEOUT_MS)), cfg.getLong(TrainerConfig.COMMIT_INTERVAL_MS),
        new RegistryOutage("trainer rewards", cfg.registryBackoff()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counters.DESCRIPTIONS.forEach((name, help) -> FunctionCounter.builder("starec.trainer." + name,
        counters.ref(name), AtomicLong::get).description(help).register(registry));
    Gauge.builder("starec.trainer.open.groups", service, TrainerService::openGroups)
        .description("GRPO groups waiting for more rollouts or their timeout").register(registry);
    Gauge.builder("starec.trainer.pending.offsets", service, TrainerService::pendingOffsets)
        .description("Consumed reward records not yet in a finished file or dropped (their offsets wait)")
        .register(registry);
    Gauge.builder("starec.trainer.registry.held.partitions", service, TrainerService::heldPartitions)
        .description("Partitions held at a record while the schema registry cannot answer (0 = no outage)")
        .register(registry);
    FunctionCounter.builder("starec.trainer.registry.retries", service, TrainerService::registryRetries)
        .description("Records that could not be decoded because the schema registry did not answer (held and "
            + "retried, never dead-lettered)").register(registry);
    long maxGap = Math.max(30_000L, 4 * cfg.getLong(TrainerConfig.POLL_TIMEOUT_MS));
    http.health(() -> service.health(System.currentTimeMillis(), maxGap)).metrics(registry::scrape).start();
    TrainerApp app = new TrainerApp(service, store, registry, http);
    app.thread.start();
    LOG.info("trainer consuming {} into {} (metrics on port {})", topics.trainingRewards().name(), store.root(),
        http.port());
    return app;
  }

  public TrainerService service() {
    return service;
  }

  public int httpPort() {
    return http.port();
  }

  public ExportStore store() {
    return store;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Waits until the poll thread ends (after {@link #close()} or a failure). */
  public void await() throws InterruptedException {
    thread.join();
  }

  @Override
  public void close() throws IOException {
    service.close();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    store.close();
  }
}
