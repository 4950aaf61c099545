package io.starec.loadtest.bench;

import io.starec.avro.ItemStats;
import io.starec.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Follows the stream app's item-stats topic (read_committed) and sums the latest interaction count of every item:
 * the number of events whose effect has been committed end to end (memory, repartition by item, aggregate). Not
 * thread-safe: poll from one thread.
 */
public final class ItemStatsWatcher implements AutoCloseable {

  private final KafkaConsumer<String, ItemStats> consumer;
  private final Map<String, ItemStats> latest = new HashMap<>();
  private long total;

  /** @param topic usually {@code topics.itemStats()}; {@link Topic#withName} for a stream app's own one */
  public ItemStatsWatcher(Properties kafka, Map<String, ?> serdeConfig, Topic<String, ItemStats> topic) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "item-stats-watcher-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde(serdeConfig).deserializer());
    consumer.subscribe(List.of(topic.name()));
  }

  /** Reads what arrived within {@code wait}; returns the running total. */
  public long poll(Duration wait) {
    for (ConsumerRecord<String, ItemStats> r : consumer.poll(wait)) {
      if (r.value() == null) {
        continue;
      }
      ItemStats before = latest.put(r.key(), r.value());
      total += r.value().getInteractionCount() - (before == null ? 0 : before.getInteractionCount());
    }
    return total;
  }

  /**
   * Polls until the total reaches {@code expected}; false on timeout or when {@code stop} says so. Returns at once
   * when already there.
   */
  public boolean awaitTotal(long expected, Duration timeout, BooleanSupplier stop) {
    long end = System.nanoTime() + timeout.toNanos();
    while (total < expected) {
      if (System.nanoTime() > end || (stop != null && stop.getAsBoolean())) {
        return false;
      }
      poll(Duration.ofMillis(100));
    }
    return true;
  }

  /** Keeps reading for {@code quiet}: anything beyond the expected total would show up here (exactly once). */
  public long settle(Duration quiet) {
    long end = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < end) {
      poll(Duration.ofMillis(100));
    }
    return total;
  }

  public long total() {
    return total;
  }

  /** Latest statistics per item. */
  public Map<String, ItemStats> latest() {
    return Map.copyOf(latest);
  }

  /** Latest interaction count per item. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new HashMap<>();
    latest.forEach((k, v) -> m.put(k, v.getInteractionCount()));
    return m;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
