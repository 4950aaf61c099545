package io.starec.streamapp.errors;

import io.starec.streamapp.metrics.AppMetrics;
import io.starec.topics.DeadLetter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

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

  void skippedGlobal(String stage, Exception error) {
    metrics.deadLettered(stage + "-global-skipped", error);
  }

  /** A punctuator's output failed: there is no source record to dead-letter. */
  void skippedPunctuation(String stage) {
    metrics.deadLettered(stage + "-punctuation-skipped", (String) null);
  }

  static String reason(Exception error) {
    return DeadLetter.describe(error);
  }

  List<ProducerRecord<byte[], byte[]>> record(String stage, byte[] key, byte[] value, Exception error,
      String sourceTopic, int partition, long offset, String processor) {
    return record(stage, key, value, error.getClass().getName(), reason(error), sourceTopic, partition, offset,
        processor);
  }

  List<ProducerRecord<byte[], byte[]>> record(String stage, byte[] key, byte[] value, String errorClass,
      String reason, String sourceTopic, int partition, long offset, String processor) {
    metrics.deadLettered(stage, errorClass);
    return List.of(DeadLetter.of(topic, "stream-app", stage, key, value, null, sourceTopic, partition, offset,
        processor, errorClass, reason));
  }
}
