package io.starec.loadtest.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the start (read_committed) for the drills' checks. */
final class TopicReader {

  private TopicReader() {}

  /**
   * Everything until {@code done} says so for the records read so far, or until nothing new came for
   * {@code quiet}, or {@code max} passed.
   */
  static List<ConsumerRecord<byte[], byte[]>> read(Properties kafka, String topic, Duration quiet, Duration max,
      Function<List<ConsumerRecord<byte[], byte[]>>, Boolean> done) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "drill-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + max.toNanos();
      long lastNew = System.nanoTime();
      while (System.nanoTime() < end && !done.apply(out)) {
        int before = out.size();
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        if (out.size() > before) {
          lastNew = System.nanoTime();
        } else if (System.nanoTime() - lastNew > quiet.toNanos()) {
          break;
        }
      }
    }
    return out;
  }
}
