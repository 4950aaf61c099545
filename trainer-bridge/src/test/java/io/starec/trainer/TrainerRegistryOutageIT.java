package io.starec.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.RewardRecord;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import io.starec.trainer.export.Manifest;
import io.starec.workerkit.consumer.StoppableRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schema registry answering 503 is an outage of the trainer, not bad input: a real HTTP registry fails, then heals. */
class TrainerRegistryOutageIT {

  @TempDir
  Path dir;

  @Test
  void rewardsWaitForTheRegistryInsteadOfGoingToTheDlq() throws Exception {
    // Given topics, an HTTP registry that answers every call with 503, and a trainer reading through it
    String prefix = KafkaFixture.uniqueId("trainer-outage");
    Topics topics = Topics.withPrefix(prefix);
    KafkaFixture.createTopics(2, topics.trainingRewards().name());
    KafkaFixture.createTopics(1, topics.policyUpdates().name(), topics.dlq().name());
    try (StoppableRegistry registry = new StoppableRegistry(KafkaFixture.uniqueId("trainer-outage-registry"))) {
      registry.failWith(503);
      Map<String, Object> cfg = new HashMap<>();
      cfg.put("bootstrap.servers", KafkaFixture.bootstrapServers());
      cfg.put("schema.registry.url", registry.url());
      cfg.put("topic.prefix", prefix);
      cfg.put("http.port", "0");
      cfg.put(TrainerConfig.CONSUMER_GROUP, prefix + "-trainer");
      cfg.put(TrainerConfig.EXPORT_DIR, dir.resolve("export").toString());
      cfg.put(TrainerConfig.ROLL_MS, "300");
      cfg.put(TrainerConfig.COMMIT_INTERVAL_MS, "100");
      cfg.put(TrainerConfig.POLL_TIMEOUT_MS, "100");
      cfg.put(TrainerConfig.REGISTRY_RETRY_BACKOFF_MS, "100");
      cfg.put(TrainerConfig.REGISTRY_RETRY_BACKOFF_MAX_MS, "1000");

      try (TrainerApp app = TrainerApp.start(new TrainerConfig(cfg))) {
        // When a garbage record and three groups of two rollouts arrive (written without HTTP, so they are fine)
        int records = produce(topics, registry.mockUrl());

        // Then the garbage is dead-lettered at once (it is bad whatever the registry says), health is DEGRADED
        // with the reason, and no good record is dead-lettered, exported or committed while the registry fails
        waitFor(() -> health(app).contains("\"status\":\"DEGRADED\""), Duration.ofSeconds(30));
        waitFor(() -> endOffset(topics.dlq().name()) == 1, Duration.ofSeconds(30));
        assertThat(health(app)).contains("\"status\":\"OUTAGE\"").contains("HTTP 503");
        assertThat(registry.failedCalls()).isPositive();
        assertThat(app.service().counters().get(Counters.GROUPS_EXPORTED)).isZero();
        assertThat(committed(prefix + "-trainer", topics.trainingRewards().name())).isLessThan(records);

        // When the registry answers again
        registry.failWith(0);

        // Then every group is exported, every record is committed, health is UP, and the DLQ holds only the garbage
        waitFor(() -> committed(prefix + "-trainer", topics.trainingRewards().name()) == records,
            Duration.ofSeconds(30));
        assertThat(Manifest.readOrEmpty(dir.resolve("export")).rows("verl")).isEqualTo(3); // one row per group
        waitFor(() -> health(app).contains("\"status\":\"UP\""), Duration.ofSeconds(10));
        assertThat(endOffset(topics.dlq().name())).isEqualTo(1);
        assertThat(app.service().counters().get(Counters.RECORDS_DLQ)).isEqualTo(1);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + app.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("starec_trainer_registry_retries_total [1-9]")
            .contains("starec_trainer_registry_held_partitions 0.0");
      }
    }
  }

  /** One garbage record on partition 0, then three groups of two rollouts with different rewards; the count. */
  private static int produce(Topics topics, String registryUrl) throws Exception {
    Properties pp = KafkaFixture.clientProperties();
    SpecificAvroSerializer<RewardRecord> ser = new SpecificAvroSerializer<>();
    ser.configure(Map.of("schema.registry.url", registryUrl), false);
    try (KafkaProducer<String, RewardRecord> producer = new KafkaProducer<>(pp, new StringSerializer(), ser);
         KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(pp, new ByteArraySerializer(),
             new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topics.trainingRewards().name(), 0, null,
          "not avro".getBytes(StandardCharsets.UTF_8))).get();
      for (String group : new String[] {"g1", "g2", "g3"}) {
        producer.send(new ProducerRecord<>(topics.trainingRewards().name(), group, Fixtures.record(group, 2, 0, 1)));
        producer.send(new ProducerRecord<>(topics.trainingRewards().name(), group, Fixtures.record(group, 2, 1, 9)));
      }
      producer.flush();
    }
    return 7;
  }

  /** A condition that may need a round trip to the broker or the service. */
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitFor(Check condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static String health(TrainerApp app) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort()
        + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static long endOffset(String topic) throws Exception {
    try (Admin admin = KafkaFixture.admin()) {
      TopicPartition tp = new TopicPartition(topic, 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }
  }

  private static long committed(String group, String topic) throws Exception {
    try (Admin admin = KafkaFixture.admin()) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }
}
