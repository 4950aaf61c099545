package io.starec.gateway.service;

import io.starec.avro.PolicyUpdate;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.topics.PolicySignature;
import io.starec.workerkit.consumer.Backoff;
import io.starec.workerkit.consumer.RegistryOutage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
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
 * unsupported kinds are logged, counted and skipped; a record the schema registry could not answer for is held and
 * retried ({@link RegistryOutage}), never skipped.
 *
 * <p>Who may steer: with a signing key ({@link PolicySignature}) only updates whose signature verifies are applied;
 * unsigned and wrongly signed ones are refused and counted. An update more than {@code maxVersionJump} versions
 * above the running one is refused and counted too, so a forged {@code Long.MAX_VALUE} can neither apply nor make
 * later genuine updates stale. With a key, the first verified update sets the start instead (a fresh gateway
 * catching up on a topic whose versions are far ahead); without one nothing vouches for it, so the bound counts
 * from the version the gateway started with.
 */
final class PolicyUpdateListener implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdateListener.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final String policyName;
  private final Deserializer<PolicyUpdate> deserializer;
  private final EmbeddedBackend backend;
  private final GatewayMetrics metrics;
  private final Optional<PolicySignature> signature;
  private final long maxVersionJump;
  private final RegistryOutage outage;
  private boolean startVerified; // a verified update set the version the jump bound counts from (poll thread only)
  private volatile boolean running = true;

  PolicyUpdateListener(Properties kafka, String topic, String policyName, Deserializer<PolicyUpdate> deserializer,
      EmbeddedBackend backend, GatewayMetrics metrics, Optional<PolicySignature> signature, long maxVersionJump,
      Backoff registryBackoff) {
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
    this.signature = signature;
    this.maxVersionJump = maxVersionJump;
    this.outage = new RegistryOutage("gateway policy updates", registryBackoff);
  }

  /** Partitions of the topic held by a schema registry outage. */
  RegistryOutage outage() {
    return outage;
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
        outage.resumeDue(consumer, System.currentTimeMillis());
        Set<TopicPartition> held = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
          if (!held.contains(tp) && !apply(rec, tp)) {
            held.add(tp); // its later records are read again after the retry
          }
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

  /** Handles one record; false when its partition is now held by a registry outage. */
  private boolean apply(ConsumerRecord<byte[], byte[]> rec, TopicPartition tp) {
    PolicyUpdate u;
    try {
      u = deserializer.deserialize(rec.topic(), rec.headers(), rec.value());
    } catch (RuntimeException e) {
      if (RegistryOutage.isOutage(e)) {
        outage.hold(consumer, tp, rec.offset(), e, System.currentTimeMillis());
        return false;
      }
      LOG.warn("unreadable policy update at {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.getMessage());
      metrics.policyUpdate("unreadable");
      return true;
    }
    outage.released(tp);
    if (u == null || !policyName.equals(u.getPolicyName())) {
      return true;
    }
    String refusal = refusal(u, rec);
    if (refusal != null) {
      metrics.policyUpdate(refusal);
      return true;
    }
    try {
      if (backend.offer(u)) {
        metrics.policyVersion(u.getVersion());
        metrics.policyUpdate("applied");
      } else {
        metrics.policyUpdate("stale");
      }
      startVerified = signature.isPresent();
    } catch (IllegalArgumentException e) {
      LOG.warn("policy update {} v{} skipped: {}", u.getPolicyName(), u.getVersion(), e.getMessage());
      metrics.policyUpdate("rejected");
    }
    return true;
  }

  /** Why the update must not be applied (the counter's outcome), or null. */
  private String refusal(PolicyUpdate u, ConsumerRecord<byte[], byte[]> rec) {
    String where = rec.topic() + "-" + rec.partition() + "@" + rec.offset();
    if (signature.isPresent()) {
      PolicySignature.Verdict verdict = signature.get().verify(u, rec.headers());
      if (verdict != PolicySignature.Verdict.VALID) {
        LOG.warn("policy update {} v{} at {} refused: {} (only updates signed with the configured key apply)",
            u.getPolicyName(), u.getVersion(), where, verdict == PolicySignature.Verdict.UNSIGNED ? "unsigned"
                : "the signature does not match");
        return verdict == PolicySignature.Verdict.UNSIGNED ? "unsigned" : "bad-signature";
      }
      if (!startVerified) {
        return null; // the first verified update sets the start, however far ahead it is
      }
    }
    long current = backend.scorer().version();
    long highest = current > Long.MAX_VALUE - maxVersionJump ? Long.MAX_VALUE : current + maxVersionJump;
    if (u.getVersion() > highest) {
      LOG.warn("policy update {} v{} at {} refused: more than {} versions above the running v{} ({}; a genuine "
              + "jump this large needs a higher bound{})", u.getPolicyName(), u.getVersion(), where, maxVersionJump,
          current, GatewayConfig.POLICY_MAX_VERSION_JUMP, signature.isPresent() ? "" : " or a signing key");
      return "version-jump";
    }
    return null;
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }
}
