package io.starec.streamapp.errors;

import io.starec.streamapp.metrics.AppMetrics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key and value bytes, and headers saying what failed and where the
 * record came from. Shared by both exception handlers; configured through the Streams config map.
 */
public final class DeadLetters {

  /** Config key: the DLQ topic name. */
  public static final String TOPIC_CONFIG = "starec.dlq.topic";
  /**
   * Config key: topics read by global tables (comma-separated). Kafka Streams cannot produce from its global
   * thread, so their bad records are logged and counted, not dead-lettered.
   */
  public static final String GLOBAL_TOPICS_CONFIG = "starec.dlq.global.topics";

  public static final String HEADER_ERROR_CLASS = "starec.error.class";
  public static final String HEADER_ERROR_MESSAGE = "starec.error.message";
  public static final String HEADER_STAGE = "starec.error.stage";
  public static final String HEADER_SOURCE_TOPIC = "starec.source.topic";
  public static final String HEADER_SOURCE_PARTITION = "starec.source.partition";
  public static final String HEADER_SOURCE_OFFSET = "starec.source.offset";
  public static final String HEADER_PROCESSOR = "starec.source.processor";

  private static final int MAX_MESSAGE = 2_000;

  private final String topic;
  private final AppMetrics metrics;
  private final Set<String> globalTopics;

  private DeadLetters(String topic, AppMetrics metrics, Set<String> globalTopics) {
    this.topic = topic;
    this.metrics = metrics;
    this.globalTopics = globalTopics;
  }

  static DeadLetters from(Map<String, ?> configs) {
    Object topic = configs.get(TOPIC_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalStateException(TOPIC_CONFIG + " is not set: the stream app's exception handlers need the "
          + "DLQ topic name");
    }
    Object metrics = configs.get(AppMetrics.CONFIG_KEY);
    Object global = configs.get(GLOBAL_TOPICS_CONFIG);
    Set<String> globalTopics = new HashSet<>();
    if (global != null) {
      for (String t : global.toString().split(",")) {
        if (!t.isBlank()) {
          globalTopics.add(t.trim());
        }
      }
    }
    return new DeadLetters(topic.toString(), metrics instanceof AppMetrics m ? m : AppMetrics.inMemory(),
        globalTopics);
  }

  String topic() {
    return topic;
  }

  /** True for records of global tables: they cannot be dead-lettered (see {@link #GLOBAL_TOPICS_CONFIG}). */
  boolean isGlobal(String sourceTopic) {
    return sourceTopic != null && globalTopics.contains(sourceTopic);
  }

  void skippedGlobal(String stage) {
    metrics.deadLettered(stage + "-global-skipped");
  }

  List<ProducerRecord<byte[], byte[]>> record(String stage, byte[] key, byte[] value, Exception error,
      String sourceTopic, int partition, long offset, String processor) {
    Headers headers = new RecordHeaders();
    Throwable root = error;
    headers.add(HEADER_ERROR_CLASS, bytes(error.getClass().getName()));
    String message = String.valueOf(error.getMessage());
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != error) {
      message = message + " (caused by " + root.getClass().getName() + ": " + root.getMessage() + ")";
    }
    headers.add(HEADER_ERROR_MESSAGE, bytes(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE)
        : message));
    headers.add(HEADER_STAGE, bytes(stage));
    headers.add(HEADER_SOURCE_TOPIC, bytes(String.valueOf(sourceTopic)));
    headers.add(HEADER_SOURCE_PARTITION, bytes(Integer.toString(partition)));
    headers.add(HEADER_SOURCE_OFFSET, bytes(Long.toString(offset)));
    if (processor != null) {
      headers.add(HEADER_PROCESSOR, bytes(processor));
    }
    metrics.deadLettered(stage);
    return List.of(new ProducerRecord<>(topic, null, null, key, value, headers));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
