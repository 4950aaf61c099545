package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.core.policy.LinearScorer;
import io.starec.research.learn.HashingTextEmbedder;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.service.GatewayConfig;
import io.starec.gateway.service.GatewayService;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.TopicBootstrapper;
import io.starec.topics.Topics;
import io.starec.trainer.Counters;
import io.starec.trainer.TrainerApp;
import io.starec.trainer.TrainerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live learning loop on a real broker: EXPLORE rankings by the gateway's embedded policy -> stream-app keeps
 * each rollout's policy features -> a positive interaction emits 8 reward records carrying them -> the trainer's
 * GRPO learner updates and publishes a PolicyUpdate -> the gateway's embedded policy swaps to it.
 */
class LiveLearningLoopIT {

  private static final int CANDIDATES = 20;
  private static final List<String> USERS = List.of("u1", "u2", "u3");
  private static final String[] SPACE = {"Galaxy", "Star", "Orbit", "Nebula", "Rocket"};
  private static final String[] KITCHEN = {"Baking", "Garden", "Recipe", "Bread", "Soup"};

  @TempDir
  Path dir;

  @Test
  void rewardsOfEmbeddedRolloutsTrainAPolicyTheGatewayPicksUp() throws Exception {
    // Given the topics of a fresh prefix and a small catalogue on the items topic
    String prefix = KafkaFixture.uniqueId("loop");
    String registry = KafkaFixture.registryUrl();
    Map<String, Object> common = new HashMap<>();
    common.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    common.put("schema.registry.url", registry);
    common.put("topic.prefix", prefix);
    common.put("topic.partitions", "1");
    common.put("http.port", "0");
    Topics topics = Topics.of(prefix, 1);
    try (Admin admin = KafkaFixture.admin()) {
      new TopicBootstrapper(admin).ensure(topics.all());
    }
    long t0 = System.currentTimeMillis() - 60_000;
    try (KafkaProducer<String, SpecificRecord> producer = producer(registry)) {
      for (int i = 1; i <= CANDIDATES + 10; i++) {
        producer.send(new ProducerRecord<>(topics.items().name(), "i" + i, item(i)));
      }
      // and each user's history: liked the space titles among i21..i30, disliked the kitchen ones
      for (String u : USERS) {
        for (int i = CANDIDATES + 1; i <= CANDIDATES + 10; i++) {
          producer.send(new ProducerRecord<>(topics.interactions().name(), u, Interaction.newBuilder()
              .setEventId(u + "-h" + i).setUserId(u).setItemId("i" + i).setType(InteractionType.RATE)
              .setRating(i % 2 == 0 ? 5.0 : 1.0).setTimestampMs(t0 + i).build()));
        }
      }
      producer.flush();

      // and stream-app, the gateway with the embedded policy (version 0) and the trainer with its learner
      Map<String, Object> sc = new HashMap<>(common);
      sc.put(StreamAppConfig.APPLICATION_ID, prefix + "-stream-app");
      sc.put(StreamAppConfig.STATE_DIR, dir.resolve("streams").toString());
      sc.put(StreamAppConfig.COMMIT_INTERVAL_MS, "100");
      sc.put(StreamAppConfig.REFLECTION_ENABLED, "false");
      sc.put(StreamAppConfig.RANK_TIMEOUT_MS, "30000");
      Map<String, Object> gc = new HashMap<>(common);
      gc.put(GatewayConfig.GROUP_ID, prefix + "-gateway");
      Map<String, Object> tc = new HashMap<>(common);
      tc.put(TrainerConfig.CONSUMER_GROUP, prefix + "-trainer");
      tc.put(TrainerConfig.EXPORT_DIR, dir.resolve("export").toString());
      tc.put(TrainerConfig.LEARNER_ENABLED, "true");
      tc.put(TrainerConfig.LEARNER_GROUPS_PER_UPDATE, "1");
      tc.put(TrainerConfig.LEARNER_CHECKPOINT, dir.resolve("learner.json").toString());
      tc.put(TrainerConfig.POLL_TIMEOUT_MS, "100");
      EmbeddedBackend backend = new EmbeddedBackend(new HashingTextEmbedder(32), LinearScorer.defaults());
      try (StreamApp app = StreamApp.start(new StreamAppConfig(sc));
          GatewayService gateway = new GatewayService(new GatewayConfig(StarecConfig.load(
              GatewayConfig.configDef(), null, Map.of(), gc)), backend).start();
          TrainerApp trainer = TrainerApp.start(new TrainerConfig(tc))) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        assertThat(backend.scorer().version()).isZero();

        // When each user asks for an EXPLORE ranking of i1..i20 (8 sampled rollouts)
        List<String> candidates = new ArrayList<>();
        for (int i = 1; i <= CANDIDATES; i++) {
          candidates.add("i" + i);
        }
        long t1 = System.currentTimeMillis();
        for (String u : USERS) {
          producer.send(new ProducerRecord<>(topics.rankingRequests().name(), u, RankingRequest.newBuilder()
              .setRequestId("req-" + u).setUserId(u).setCandidateItemIds(candidates).setMode(RankingMode.EXPLORE)
              .setTimestampMs(t1).build()));
        }
        producer.flush();
        // Then the embedded policy answers them
        List<RankingResponse> responses = read(topics.rankingResponses().name(), RankingResponse.class, registry,
            USERS.size(), Duration.ofSeconds(45));
        assertThat(responses).hasSize(USERS.size()).allSatisfy(r -> {
          assertThat(r.getDegraded()).isFalse();
          assertThat(r.getBackend()).isEqualTo("embedded");
        });

        // When each user likes a candidate (the ground truth of the pending ranking)
        for (String u : USERS) {
          producer.send(new ProducerRecord<>(topics.interactions().name(), u, Interaction.newBuilder()
              .setEventId(u + "-like").setUserId(u).setItemId("i4").setType(InteractionType.RATE).setRating(5.0)
              .setTimestampMs(t1 + 1_000).build()));
        }
        producer.flush();

        // Then the trainer learns from the live rewards and the gateway swaps to the published version
        long deadline = System.currentTimeMillis() + 45_000;
        while (backend.scorer().version() < 1 && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        assertThat(backend.scorer().version()).isGreaterThanOrEqualTo(1);
        assertThat(backend.scorer().weights()).isNotEqualTo(LinearScorer.defaults().weights());
        Counters counters = trainer.service().counters();
        assertThat(counters.get(Counters.LEARNER_GROUPS)).isPositive();
        assertThat(counters.get(Counters.LEARNER_GROUPS_WITHOUT_FEATURES)).isZero();
        // and every reward record carried the features of the rollout it scored
        List<RewardRecord> rewards = read(topics.trainingRewards().name(), RewardRecord.class, registry,
            8 * USERS.size(), Duration.ofSeconds(20));
        assertThat(rewards).hasSize(8 * USERS.size()).allSatisfy(r -> {
          assertThat(r.getTask()).isEqualTo(TaskKind.RANK);
          assertThat(r.getGroupSize()).isEqualTo(8);
          PolicyFeatures pf = r.getPolicyFeatures();
          assertThat(pf).isNotNull();
          assertThat(pf.getItemIds()).isEqualTo(candidates);
          assertThat(pf.getScores()).hasSize(CANDIDATES);
          assertThat(pf.getTemperature()).isEqualTo(1.0);
          // the positive item's row sits where the reward found it
          assertThat(pf.getOrder().indexOf(candidates.indexOf("i4")) + 1).isEqualTo(r.getPositiveRank());
        });
      }
    }
  }

  private static Item item(int i) {
    boolean space = i % 2 == 0;
    String[] words = space ? SPACE : KITCHEN;
    return Item.newBuilder().setItemId("i" + i).setTitle(words[i % 5] + " " + words[(i / 5) % 5] + " " + i)
        .setYear(space ? 1978 + i % 10 : 2005 + i % 10)
        .setGenres(space ? List.of("Sci-Fi", "Adventure") : List.of("Documentary")).build();
  }

  private static KafkaProducer<String, SpecificRecord> producer(String registry) {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registry), false);
    return new KafkaProducer<>(KafkaFixture.clientProperties(), new StringSerializer(), values);
  }

  /** Reads (read_committed: stream-app writes transactionally) until {@code expected} records or the wait ends. */
  private static <T extends SpecificRecord> List<T> read(String topic, Class<T> type, String registry, int expected,
      Duration wait) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
    values.configure(Map.of("schema.registry.url", registry), false);
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, T> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + wait.toNanos();
      while (out.size() < expected && System.nanoTime() < end) {
        for (ConsumerRecord<String, T> r : c.poll(Duration.ofMillis(200))) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
