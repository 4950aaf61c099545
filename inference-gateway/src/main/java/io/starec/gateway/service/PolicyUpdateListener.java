package io.starec.gateway.service;

import io.starec.avro.PolicyUpdate;
import io.starec.gateway.backend.EmbeddedBackend;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted policy-updates topic from the beginning on its own thread (no consumer group: every
 * gateway instance sees every version) and hot-swaps the embedded policy's scorer. Unreadable records and
 * unsupported kinds are logged, counted and skipped.
 */
final class PolicyUpdateListener implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdateListener.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final String policyName;
  private final Deserializer<PolicyUpdate> deserializer;
  private final EmbeddedBackend backend;
  private final GatewayMetrics metrics;
  private volatile boolean running = true;

  PolicyUpdateListener(Properties kafka, String topic, String policyName, Deserializer<PolicyUpdate> deserializer,
      EmbeddedBackend backend, GatewayMetrics metrics) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "starec-gateway-policy-" + Long.toHexString(System.nanoTime()));
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.policyName = policyName;
    this.deserializer = deserializer;
    this.backend = backend;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> parts = List.of();
      while (running && parts.isEmpty()) {
        List<PartitionInfo> infos;
        try {
          infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          infos = null; // broker not reachable yet: keep trying
        }
        parts = infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        if (parts.isEmpty()) {
          Thread.sleep(1000); // the topic may be created later
        }
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
          apply(rec);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("policy update listener stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> rec) {
    PolicyUpdate u;
    try {
      u = deserializer.deserialize(rec.topic(), rec.headers(), rec.value());
    } catch (RuntimeException e) {
      LOG.warn("unreadable policy update at {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.getMessage());
      metrics.policyUpdate("unreadable");
      return;
    }
    if (u == null || !policyName.equals(u.getPolicyName())) {
      return;
    }
    try {
      if (backend.offer(u)) {
        metrics.policyVersion(u.getVersion());
        metrics.policyUpdate("applied");
      } else {
        metrics.policyUpdate("stale");
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("policy update {} v{} skipped: {}", u.getPolicyName(), u.getVersion(), e.getMessage());
      metrics.policyUpdate("rejected");
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }
}
