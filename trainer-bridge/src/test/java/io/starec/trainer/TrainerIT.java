package io.starec.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyUpdate;
import io.starec.avro.RewardRecord;
import io.starec.core.policy.LinearScorer;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import io.starec.trainer.export.Manifest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on a real broker: reward records in, export files, committed offsets and policy versions out. */
class TrainerIT {

  @TempDir
  Path dir;

  @Test
  void rewardRecordsBecomeExportsAndPublishedPolicyVersions() throws Exception {
    // Given a fresh set of topics and 4 groups of 8 embedded-policy rollouts plus one unreadable record
    String prefix = KafkaFixture.uniqueId("trainer");
    Topics topics = Topics.withPrefix(prefix);
    KafkaFixture.createTopics(2, topics.trainingRewards().name());
    KafkaFixture.createTopics(1, topics.policyUpdates().name(), topics.dlq().name());
    String registry = KafkaFixture.registryUrl();
    Map<String, Object> serdeCfg = Map.of("schema.registry.url", registry);
    Properties pp = KafkaFixture.clientProperties();
    SpecificAvroSerializer<RewardRecord> ser = new SpecificAvroSerializer<>();
    ser.configure(serdeCfg, false);
    int records = 0;
    try (KafkaProducer<String, RewardRecord> producer = new KafkaProducer<>(pp, new StringSerializer(), ser);
         KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(pp, new ByteArraySerializer(),
             new ByteArraySerializer())) {
      double[] w = LinearScorer.defaults().weights();
      int produced = 0;
      for (long seed = 1; produced < 4; seed++) {
        List<RewardRecord> group = Fixtures.embeddedGroup("g" + seed, 8, w, seed);
        if (group.stream().mapToDouble(RewardRecord::getReward).distinct().count() < 2) {
          continue; // zero-variance groups carry no signal; keep the test about learning
        }
        for (RewardRecord r : group) {
          producer.send(new ProducerRecord<>(topics.trainingRewards().name(), r.getGroupId(), r));
          records++;
        }
        produced++;
      }
      raw.send(new ProducerRecord<>(topics.trainingRewards().name(), 0, null, "not avro".getBytes(
          StandardCharsets.UTF_8)));
      records++;
      producer.flush();
      raw.flush();
    }

    Map<String, Object> cfg = new HashMap<>();
    cfg.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    cfg.put("schema.registry.url", registry);
    cfg.put("topic.prefix", prefix);
    cfg.put("http.port", "0");
    cfg.put(TrainerConfig.CONSUMER_GROUP, prefix + "-trainer");
    cfg.put(TrainerConfig.EXPORT_DIR, dir.resolve("export").toString());
    cfg.put(TrainerConfig.ROLL_MS, "300");
    cfg.put(TrainerConfig.COMMIT_INTERVAL_MS, "100");
    cfg.put(TrainerConfig.POLL_TIMEOUT_MS, "100");
    cfg.put(TrainerConfig.LEARNER_ENABLED, "true");
    cfg.put(TrainerConfig.LEARNER_GROUPS_PER_UPDATE, "2");
    cfg.put(TrainerConfig.LEARNER_CHECKPOINT, dir.resolve("learner.json").toString());

    // When the trainer runs with the embedded learner
    try (TrainerApp app = TrainerApp.start(new TrainerConfig(cfg))) {
      // Then two policy versions are published, readable by a consumer of the policy-updates topic
      List<PolicyUpdate> updates = readPolicyUpdates(topics.policyUpdates().name(), registry, 2);
      assertThat(updates).extracting(PolicyUpdate::getVersion).containsExactly(1L, 2L);
      assertThat(LinearScorer.fromPolicyUpdate(updates.get(1)).weights())
          .isNotEqualTo(LinearScorer.defaults().weights());
      // and every record, the bad one included, is committed once the export file is finished
      int expected = records;
      waitFor(() -> committedTotal(prefix + "-trainer", topics.trainingRewards().name()) == expected,
          Duration.ofSeconds(30));
      Manifest manifest = Manifest.readOrEmpty(dir.resolve("export"));
      assertThat(manifest.rows("verl")).isEqualTo(4);
      assertThat(manifest.counters.get(Counters.RECORDS_DLQ)).isEqualTo(1);
      // and /metrics and /health answer on the loopback interface
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + app.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("starec_trainer_groups_exported_total 4.0")
          .contains("starec_trainer_learner_updates_total 2.0");
      // and every meter says what it counts
      assertThat(metrics.body().lines().filter(l -> l.startsWith("# HELP "))).hasSizeGreaterThan(20)
          .allSatisfy(help -> assertThat(help).matches("# HELP \\S+ \\S.*"));
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + app.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
    // and the unreadable record is in the DLQ
    assertThat(countRecords(topics.dlq().name())).isEqualTo(1);
  }

  private static List<PolicyUpdate> readPolicyUpdates(String topic, String registry, int count) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    SpecificAvroDeserializer<PolicyUpdate> de = new SpecificAvroDeserializer<>(PolicyUpdate.class);
    de.configure(Map.of("schema.registry.url", registry), false);
    List<PolicyUpdate> out = new ArrayList<>();
    try (KafkaConsumer<String, PolicyUpdate> c = new KafkaConsumer<>(p, new StringDeserializer(), de)) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (out.size() < count && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, PolicyUpdate> r : c.poll(Duration.ofMillis(200))) {
          assertThat(r.key()).isEqualTo("embedded");
          out.add(r.value());
        }
      }
    }
    return out;
  }

  private static long committedTotal(String group, String topic) {
    try (Admin admin = KafkaFixture.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int countRecords(String topic) {
    Properties p = KafkaFixture.clientProperties();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(Set.of(tp));
      c.seekToBeginning(Set.of(tp));
      int n = 0;
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline && c.position(tp) < c.endOffsets(Set.of(tp)).get(tp)) {
        n += c.poll(Duration.ofMillis(200)).count();
      }
      return n;
    }
  }

  private static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
