package io.starec.pipeline;

import io.starec.config.StarecConfig;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.gateway.service.Backends;
import io.starec.gateway.service.GatewayConfig;
import io.starec.gateway.service.GatewayService;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.topics.Topics;
import io.starec.trainer.TrainerApp;
import io.starec.trainer.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pipeline inside this JVM: the stream app ({@link StreamApp}), the inference gateway
 * ({@link GatewayService}, embedded CPU policy or Triton) and, when asked for, the trainer bridge with its GRPO
 * learner ({@link TrainerApp}), on one broker and registry, under a topic prefix and application id of their own.
 * What {@code starec demo} and the live methods of {@code starec eval} run.
 *
 * <p>Reflection deadlines are wall clock (the stream app stamps now + {@code reflect.timeout.ms}; the gateway checks
 * them on its clock). A fast replay can queue thousands of reflections behind each other in the gateway, so the
 * pipeline gives them {@link #REPLAY_REFLECT_TIMEOUT} instead of the service default of two minutes.
 */
public final class LivePipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LivePipeline.class);

  static final Duration REPLAY_REFLECT_TIMEOUT = Duration.ofMinutes(30);

  /** What to start. */
  public static final class Options {
    String bootstrap;
    String registryUrl;
    String prefix;
    int partitions = 3;
    String backend = "embedded";
    String tritonUrl;
    boolean reflection = true;
    String domain = "movies";
    String dataSource = "live";
    Path workDir;
    int gatewayWorkers;
    Path trainerExportDir;
    final Map<String, Object> streamOverrides = new LinkedHashMap<>();
    final Map<String, Object> gatewayOverrides = new LinkedHashMap<>();

    public Options(String bootstrap, String registryUrl, String prefix) {
      this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
      this.registryUrl = Objects.requireNonNull(registryUrl, "registryUrl");
      this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public Options partitions(int n) {
      this.partitions = n;
      return this;
    }

    /** The embedded CPU policy (default). */
    public Options embedded() {
      this.backend = "embedded";
      this.tritonUrl = null;
      return this;
    }

    public Options triton(String url) {
      this.backend = "triton";
      this.tritonUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** False: the paper's "w/o self-reflection" ablation. */
    public Options reflection(boolean enabled) {
      this.reflection = enabled;
      return this;
    }

    /** Prompt flavour ("movies" or "music") and the reward records' data source name (e.g. ml-1m). */
    public Options dataset(String domain, String dataSource) {
      this.domain = domain;
      this.dataSource = dataSource;
      return this;
    }

    /** Where state and exports live (default: a temp dir). */
    public Options workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** Gateway worker threads (0 = its default). */
    public Options gatewayWorkers(int n) {
      this.gatewayWorkers = n;
      return this;
    }

    /** Also start the trainer bridge with the embedded GRPO learner, exporting to {@code exportDir}. */
    public Options trainer(Path exportDir) {
      this.trainerExportDir = Objects.requireNonNull(exportDir, "exportDir");
      return this;
    }

    public Options streamSetting(String key, Object value) {
      streamOverrides.put(key, value);
      return this;
    }

    public Options gatewaySetting(String key, Object value) {
      gatewayOverrides.put(key, value);
      return this;
    }
  }

  private final Options options;
  private final Topics topics;
  private final Properties kafka;
  private final Map<String, Object> serdeConfig;
  private final Path workDir;
  private final boolean tempWorkDir;
  private StreamApp streamApp;
  private GatewayService gateway;
  private TrainerApp trainer;

  private LivePipeline(Options options, Path workDir, boolean tempWorkDir) {
    this.options = options;
    this.workDir = workDir;
    this.tempWorkDir = tempWorkDir;
    this.topics = Topics.of(options.prefix, options.partitions);
    this.kafka = new Properties();
    kafka.put(StarecConfig.BOOTSTRAP_SERVERS, options.bootstrap);
    this.serdeConfig = Map.of(StarecConfig.SCHEMA_REGISTRY_URL, options.registryUrl);
  }

  /** Starts the stream app (creating the topics) and then the gateway; returns once the stream app runs. */
  public static LivePipeline start(Options options) {
    Path dir = options.workDir;
    try {
      dir = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("starec-pipeline-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the pipeline's work dir", e);
    }
    LivePipeline p = new LivePipeline(options, dir, options.workDir == null);
    try {
      p.startStreamApp();
      p.startGateway();
      if (options.trainerExportDir != null) {
        p.startTrainer(options.trainerExportDir);
      }
      return p;
    } catch (RuntimeException | IOException e) {
      p.close();
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
  }

  private Map<String, Object> common() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(StarecConfig.BOOTSTRAP_SERVERS, options.bootstrap);
    m.put(StarecConfig.SCHEMA_REGISTRY_URL, options.registryUrl);
    m.put(StarecConfig.TOPIC_PREFIX, options.prefix);
    m.put(StarecConfig.TOPIC_PARTITIONS, options.partitions);
    m.put(StarecConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
    m.put(StarecConfig.HTTP_PORT, 0);
    return m;
  }

  private void startStreamApp() {
    Map<String, Object> m = common();
    m.put(StreamAppConfig.APPLICATION_ID, options.prefix + "-stream-app");
    m.put(StreamAppConfig.STATE_DIR, workDir.resolve("streams-state").toString());
    m.put(StreamAppConfig.TOPICS_CREATE, true);
    m.put(StreamAppConfig.DOMAIN, options.domain);
    m.put(StreamAppConfig.DATA_SOURCE_NAME, options.dataSource);
    m.put(StreamAppConfig.REFLECT_TIMEOUT_MS, REPLAY_REFLECT_TIMEOUT.toMillis());
    m.put(StreamAppConfig.COMMIT_INTERVAL_MS, 100L);
    m.put(StreamAppConfig.REFLECTION_ENABLED, options.reflection);
    m.putAll(options.streamOverrides);
    streamApp = StreamApp.start(new StreamAppConfig(m));
    boolean running;
    try {
      running = streamApp.awaitRunning(Duration.ofSeconds(90));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (!running) {
      throw new IllegalStateException("stream app did not reach RUNNING (state " + streamApp.streams().state() + ")");
    }
  }

  private void startGateway() throws IOException {
    Map<String, Object> m = common();
    m.put(GatewayConfig.BACKEND, options.backend);
    if (options.tritonUrl != null) {
      m.put(GatewayConfig.TRITON_URL, options.tritonUrl);
    }
    m.put(GatewayConfig.GROUP_ID, options.prefix + "-gateway");
    if (options.gatewayWorkers > 0) {
      m.put(GatewayConfig.WORKER_THREADS, options.gatewayWorkers);
    }
    m.putAll(options.gatewayOverrides);
    GatewayConfig cfg = new GatewayConfig(m);
    InferenceBackend backend = Backends.create(cfg);
    gateway = new GatewayService(cfg, backend).start();
  }

  private void startTrainer(Path exportDir) throws IOException {
    Map<String, Object> m = common();
    m.put(TrainerConfig.EXPORT_DIR, exportDir.toString());
    m.put(TrainerConfig.CONSUMER_GROUP, options.prefix + "-trainer");
    m.put(TrainerConfig.LEARNER_ENABLED, true);
    trainer = TrainerApp.start(new TrainerConfig(m));
  }

  public Topics topics() {
    return topics;
  }

  /** Client properties for this pipeline's broker. */
  public Properties kafka() {
    Properties p = new Properties();
    p.putAll(kafka);
    return p;
  }

  public Map<String, Object> serdeConfig() {
    return serdeConfig;
  }

  public StreamApp streamApp() {
    return streamApp;
  }

  public AppMetrics metrics() {
    return streamApp.metrics();
  }

  public GatewayService gateway() {
    return gateway;
  }

  public Path workDir() {
    return workDir;
  }

  /** False for the "w/o self-reflection" ablation (stream app's reflection.enabled). */
  public boolean reflectionEnabled() {
    return options.reflection;
  }

  /** Reflection tasks requested but not yet applied, failed or expired. */
  public long reflectionsOutstanding() {
    AppMetrics m = metrics();
    String name = "starec.stream.reflections";
    return Math.round(m.count(name, "event", "requested") - m.count(name, "event", "applied")
        - m.count(name, "event", "failed") - m.count(name, "event", "expired"));
  }

  /** Waits until no reflection is outstanding (or the timeout passes); true when drained. */
  public boolean awaitReflections(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (reflectionsOutstanding() > 0) {
      if (System.nanoTime() > end) {
        return false;
      }
      sleep(100);
    }
    return true;
  }

  @Override
  public void close() {
    if (trainer != null) {
      try {
        trainer.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("trainer close failed: {}", e.toString());
      }
    }
    if (gateway != null) {
      try {
        gateway.close();
      } catch (RuntimeException e) {
        LOG.warn("gateway close failed: {}", e.toString());
      }
    }
    if (streamApp != null) {
      try {
        streamApp.close(Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        LOG.warn("stream app close failed: {}", e.toString());
      }
    }
    if (tempWorkDir) {
      try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("work dir {} not fully deleted: {}", workDir, e.toString());
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
