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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live pipeline inside this JVM: the stream app ({@link StreamApp}) and the inference gateway
 * ({@link GatewayService}, embedded CPU policy or Triton) on one broker and registry, under a topic prefix and
 * application id of their own. What {@code starec demo} and the live methods of {@code starec eval} run.
 *
 * <p>Replay settings: the stream app stamps a reflection task's deadline as event time + {@code reflect.timeout.ms},
 * and the gateway compares task deadlines with the wall clock, so a reflection triggered by a replayed event from
 * 2000 would be "past its deadline" before it starts. The pipeline therefore sets a reflect timeout of 100 years
 * (reflections are answered unless the backend fails). Ranking requests sent by replays and clients carry their
 * own wall-clock deadlines.
 */
public final class LivePipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LivePipeline.class);

  static final long REPLAY_REFLECT_TIMEOUT_MS = Duration.ofDays(36_500).toMillis();

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
    m.put(StreamAppConfig.REFLECT_TIMEOUT_MS, REPLAY_REFLECT_TIMEOUT_MS);
    m.put(StreamAppConfig.COMMIT_INTERVAL_MS, 100L);
    m.put(StreamAppConfig.REFLECTION_ENABLED, options.reflection);
    m.putAll(options.streamOverrides);
    streamApp = StreamApp.start(new StreamAppConfig(m));
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (streamApp.streams().state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State s = streamApp.streams().state();
      if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING || System.nanoTime() > end) {
        throw new IllegalStateException("stream app did not reach RUNNING (state " + s + ")");
      }
      sleep(50);
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
