package io.starec.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the system: its name, serdes and the settings it is created with. Instances come from {@link Topics}.
 *
 * @param <K> key type (String for every topic but the DLQ)
 * @param <V> value type (an Avro record, or raw bytes for the DLQ)
 */
public final class Topic<K, V> {

  /** {@link #retentionMs()} of topics kept forever (compacted ones). */
  public static final long RETAIN_FOREVER = -1L;

  private final String name;
  private final Serde<K> keySerde;
  private final Function<Map<String, ?>, Serde<V>> valueSerdeFactory;
  private final int partitions;
  private final CleanupPolicy cleanupPolicy;
  private final long retentionMs;

  Topic(String name, Serde<K> keySerde, Function<Map<String, ?>, Serde<V>> valueSerdeFactory, int partitions,
      CleanupPolicy cleanupPolicy, long retentionMs) {
    this.name = Objects.requireNonNull(name, "name");
    this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
    this.valueSerdeFactory = Objects.requireNonNull(valueSerdeFactory, "valueSerdeFactory");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions of " + name + " must be >= 1, got " + partitions);
    }
    this.partitions = partitions;
    this.cleanupPolicy = Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    this.retentionMs = retentionMs;
  }

  public String name() {
    return name;
  }

  /** Key serde; stateless, shared. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  /**
   * A new value serde configured with {@code serdeCfg} (schema.registry.url, auto.register.schemas, ...; see
   * {@code StarecConfig.serdeConfig}). Each call returns a fresh instance; the caller closes it.
   */
  public Serde<V> valueSerde(Map<String, ?> serdeCfg) {
    return valueSerdeFactory.apply(Objects.requireNonNull(serdeCfg, "serdeCfg"));
  }

  public int partitions() {
    return partitions;
  }

  public CleanupPolicy cleanupPolicy() {
    return cleanupPolicy;
  }

  /** Retention of a delete-policy topic, or {@link #RETAIN_FOREVER}. */
  public long retentionMs() {
    return retentionMs;
  }

  /** Topic configs to create it with: cleanup.policy and, for delete topics, retention.ms. */
  public Map<String, String> topicConfigs() {
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
    if (cleanupPolicy == CleanupPolicy.DELETE) {
      cfg.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
      // replays carry years-old event times; retention must count from arrival, not from the event time.
      // Event time travels in the payload (Interaction/RankingRequest.timestampMs), which stream-app reads.
      cfg.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }
    return cfg;
  }

  /**
   * The same topic (serdes, partitions, cleanup policy, retention) under another name: a configured
   * {@code item.stats.topic}, a replay's fresh outputs.
   */
  public Topic<K, V> withName(String otherName) {
    return new Topic<>(otherName, keySerde, valueSerdeFactory, partitions, cleanupPolicy, retentionMs);
  }

  @Override
  public String toString() {
    return name + "(" + partitions + (partitions == 1 ? " partition, " : " partitions, ") + cleanupPolicy.configValue()
        + (retentionMs == RETAIN_FOREVER ? "" : ", retention " + retentionMs + " ms") + ")";
  }
}
