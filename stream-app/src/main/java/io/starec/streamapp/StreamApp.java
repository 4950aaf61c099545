package io.starec.streamapp;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.config.StarecConfig;
import io.starec.streamapp.http.BearerToken;
import io.starec.streamapp.http.HttpApi;
import io.starec.streamapp.inspector.RecentRankings;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.topology.StreamTopology;
import io.starec.topics.Topic;
import io.starec.topics.TopicBootstrapper;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream-app service: Kafka Streams running {@link StreamTopology}, plus its HTTP endpoints and metrics.
 *
 * <pre>{@code
 * try (StreamApp app = StreamApp.start(StreamAppConfig.load(null, System.getenv(), Map.of()))) {
 *   app.awaitTermination();
 * }
 * }</pre>
 */
public final class StreamApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);

  private final StreamAppConfig config;
  private final StreamTopics topics;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  // Kafka's client and Streams metrics (thousands of series) apart from ours: /metrics?kafka=true
  private final PrometheusMeterRegistry kafkaRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AppMetrics metrics = new AppMetrics(registry);
  private final RecentRankings recentRankings = new RecentRankings(System::currentTimeMillis);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private HttpApi http;
  private KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;

  private StreamApp(StreamAppConfig config, StreamTopics topics) {
    this.config = config;
    this.topics = topics;
  }

  /** Creates missing topics (if configured), binds HTTP, starts Kafka Streams. */
  public static StreamApp start(StreamAppConfig config) {
    return start(config, config.streamTopics());
  }

  /** As {@link #start(StreamAppConfig)} with explicit topic names (replays into fresh outputs, tests). */
  public static StreamApp start(StreamAppConfig config, StreamTopics topics) {
    StreamApp app = new StreamApp(config, topics);
    try {
      app.doStart();
      return app;
    } catch (RuntimeException e) {
      app.close(Duration.ofSeconds(5));
      throw e;
    }
  }

  private void doStart() {
    if (config.getBoolean(StreamAppConfig.TOPICS_CREATE)) {
      createTopics();
    }
    try {
      http = new HttpApi(config.getString(StarecConfig.HTTP_BIND_ADDRESS), config.getInt(StarecConfig.HTTP_PORT),
          new HttpApi.Meters(registry, kafkaRegistry, metrics), recentRankings, token());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the HTTP endpoint", e);
    }
    HostInfo self = applicationServer();
    Properties props = streamsProperties(config, topics, metrics, self);
    Topology topology = StreamTopology.build(config.appSettings(), topics, StarecConfig.serdeConfig(config),
        metrics, recentRankings);
    LOG.debug("topology:\n{}", topology.describe());
    streams = new KafkaStreams(topology, props);
    streams.setStateListener((now, before) -> LOG.info("stream app {} -> {}", before, now));
    streams.setUncaughtExceptionHandler(ThreadDeaths.from(config, metrics));
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(kafkaRegistry);
    new JvmMemoryMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    http.start(() -> streams, self);
    streams.start();
    LOG.info("stream app {} started: HTTP on {}:{} (agent inspector /inspector/, user data {}), application.server {}",
        config.getString(StreamAppConfig.APPLICATION_ID), config.getString(StarecConfig.HTTP_BIND_ADDRESS),
        http.port(), http.tokenRequired() ? "behind the bearer token" : "open", self);
  }

  /** The token of the user-data endpoints; without one, a warning when they are reachable from elsewhere. */
  private BearerToken token() {
    String file = config.getString(StreamAppConfig.HTTP_AUTH_TOKEN_FILE);
    if (file != null && !file.isBlank()) {
      return BearerToken.fromFile(Path.of(file.trim()), StreamAppConfig.HTTP_AUTH_TOKEN_FILE);
    }
    String bind = config.getString(StarecConfig.HTTP_BIND_ADDRESS);
    if (!"127.0.0.1".equals(bind) && !"localhost".equals(bind) && !"::1".equals(bind)) {
      LOG.warn("http.bind.address is {} and {} is not set: user memories are readable by anyone who reaches "
          + "this port", bind, StreamAppConfig.HTTP_AUTH_TOKEN_FILE);
    }
    return BearerToken.none();
  }

  /** Kafka Streams settings of this deployment. */
  static Properties streamsProperties(StreamAppConfig config, StreamTopics topics, AppMetrics metrics,
      HostInfo self) {
    Properties p = StarecConfig.producerProperties(config); // Kafka Streams gives compression.type to its producers
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(StreamAppConfig.APPLICATION_ID));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(StreamAppConfig.PROCESSING_GUARANTEE));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(StreamAppConfig.NUM_STREAM_THREADS));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(StreamAppConfig.STANDBY_REPLICAS));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(StreamAppConfig.STATE_DIR));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.getInt(StarecConfig.TOPIC_REPLICATION_FACTOR));
    long commit = config.getLong(StreamAppConfig.COMMIT_INTERVAL_MS);
    if (commit >= 0) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commit);
    }
    if (self != null) {
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    }
    p.putAll(StreamTopology.errorHandling(topics, metrics, StarecConfig.serdeConfig(config)));
    // streams.* passes any Kafka Streams / client setting through, last so it wins
    config.originalsWithPrefix(StreamAppConfig.STREAMS_PREFIX).forEach(p::put);
    return p;
  }

  private HostInfo applicationServer() {
    String configured = config.getString(StreamAppConfig.APPLICATION_SERVER);
    if (configured != null && !configured.isBlank()) {
      return HostInfo.buildFromEndpoint(configured.trim());
    }
    String bind = config.getString(StarecConfig.HTTP_BIND_ADDRESS);
    if ("0.0.0.0".equals(bind) || "::".equals(bind)) {
      LOG.warn("http.bind.address {} is not reachable as such; set application.server for cross-instance "
          + "memory queries", bind);
      return null;
    }
    return new HostInfo(bind, http.port());
  }

  private void createTopics() {
    int rf = config.getInt(StarecConfig.TOPIC_REPLICATION_FACTOR);
    Properties admin = StarecConfig.kafkaClientProperties(config);
    Topics registry = StarecConfig.topics(config);
    List<Topic<?, ?>> wanted = new ArrayList<>(registry.all());
    if (!registry.itemStats().name().equals(topics.itemStats())) {
      wanted.add(registry.itemStats().withName(topics.itemStats())); // item.stats.topic names another one
    }
    try (Admin a = Admin.create(admin)) {
      TopicBootstrapper bootstrapper = new TopicBootstrapper(a, rf);
      TopicBootstrapper.Report r = bootstrapper.ensure(wanted);
      r.problems().forEach(p -> LOG.warn("topic problem: {}", p));
      // the global item-stats store fails at start when its topic has no served partitions yet
      List<String> unserved = bootstrapper.awaitServed(List.of(topics.itemStats()));
      if (!unserved.isEmpty()) {
        throw new IllegalStateException("topic not ready: " + unserved);
      }
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  public AppMetrics metrics() {
    return metrics;
  }

  public int httpPort() {
    return http.port();
  }

  public StreamTopics topics() {
    return topics;
  }

  /** Waits until Kafka Streams is RUNNING. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        return false;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Blocks until {@link #close} runs (e.g. from a shutdown hook). */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Stops Kafka Streams (within {@code timeout}; zero = do not wait), then HTTP and metrics. */
  public void close(Duration timeout) {
    try {
      if (streams != null) {
        streams.close(timeout);
      }
    } finally {
      if (streamsMetrics != null) {
        streamsMetrics.close();
      }
      if (http != null) {
        http.close();
      }
      stopped.countDown();
    }
  }
}
