package io.starec.loadtest.bench;

import io.starec.config.StarecConfig;
import io.starec.pipeline.PipelineTopics;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/** Plumbing the benchmarks and drills share: stream-app settings, client properties, temp dirs. */
public final class BenchSupport {

  private BenchSupport() {}

  /** A unique, short name for topics and application ids of one run. */
  public static String runId(String prefix) {
    return prefix + Long.toString(System.nanoTime() % 2_000_000_000L, 36);
  }

  /** Settings of one stream-app instance: its own application id and state dir, 100 ms commits. */
  public static Map<String, Object> streamApp(String bootstrap, String registryUrl, String prefix, int partitions,
      String applicationId, Path stateDir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(StarecConfig.BOOTSTRAP_SERVERS, bootstrap);
    m.put(StarecConfig.SCHEMA_REGISTRY_URL, registryUrl);
    m.put(StarecConfig.TOPIC_PREFIX, prefix);
    m.put(StarecConfig.TOPIC_PARTITIONS, Integer.toString(partitions));
    m.put(StarecConfig.HTTP_PORT, "0");
    m.put(StreamAppConfig.APPLICATION_ID, applicationId);
    m.put(StreamAppConfig.STATE_DIR, stateDir.toString());
    m.put(StreamAppConfig.COMMIT_INTERVAL_MS, "100");
    m.put("streams.auto.offset.reset", "earliest");
    return m;
  }

  /**
   * Creates every topic of the prefix, item stats included ({@link PipelineTopics}), and waits until a client
   * sees their partitions: a global table started right after creation may otherwise find none and die.
   */
  public static void ensureTopics(Properties kafka, Topics topics) {
    PipelineTopics.ensure(kafka, topics);
    Properties p = new Properties();
    p.putAll(kafka);
    List<String> names = new ArrayList<>();
    topics.all().forEach(t -> names.add(t.name()));
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      for (String name : names) {
        while (true) {
          List<PartitionInfo> parts = c.partitionsFor(name, Duration.ofSeconds(5));
          if (parts != null && !parts.isEmpty()) {
            break;
          }
          if (System.nanoTime() > end) {
            throw new IllegalStateException("topic " + name + " not visible after 30 s");
          }
          sleep(100);
        }
      }
    }
  }

  public static Properties kafka(String bootstrap) {
    Properties p = new Properties();
    p.put(StarecConfig.BOOTSTRAP_SERVERS, bootstrap);
    return p;
  }

  public static Map<String, Object> serde(String registryUrl) {
    return Map.of(StarecConfig.SCHEMA_REGISTRY_URL, registryUrl);
  }

  /** Waits until Kafka Streams is RUNNING; throws if it fails or takes longer than {@code timeout}. */
  public static void awaitRunning(StreamApp app, Duration timeout) throws InterruptedException {
    if (!app.awaitRunning(timeout)) {
      KafkaStreams.State s = app.streams().state();
      throw new IllegalStateException("stream app not RUNNING after " + timeout + " (state " + s + ")");
    }
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteDir(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
