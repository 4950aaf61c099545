package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.ChatMessage;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.core.policy.Feature;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.PlackettLuce;
import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.research.learn.HashingTextEmbedder;
import io.starec.core.policy.learn.LearnerCheckpoint;
import io.starec.core.policy.learn.Scoring;
import io.starec.core.metric.Ndcg;
import io.starec.core.reward.RankReward;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.service.GatewayConfig;
import io.starec.gateway.service.GatewayService;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import io.starec.trainer.TrainerApp;
import io.starec.trainer.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Across services on a real broker: reward records with the embedded policy's features -> the trainer's GRPO
 * learner publishes a PolicyUpdate -> the gateway's embedded policy swaps to that version without a restart.
 */
class TrainerGatewayIT {

  @TempDir
  Path dir;

  @Test
  void theGatewayPicksUpTheVersionTheTrainerPublishes() throws Exception {
    // Given topics, a running gateway with the embedded policy at its default weights (version 0)
    String prefix = KafkaFixture.uniqueId("learn");
    Topics topics = Topics.withPrefix(prefix);
    KafkaFixture.createTopics(1, topics.trainingRewards().name(), topics.policyUpdates().name(), topics.dlq().name(),
        topics.inferenceRequests().name(), topics.inferenceResults().name());
    String registry = KafkaFixture.registryUrl();
    Map<String, Object> common = new HashMap<>();
    common.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    common.put("schema.registry.url", registry);
    common.put("topic.prefix", prefix);
    common.put("http.port", "0");
    Map<String, Object> gw = new HashMap<>(common);
    gw.put(GatewayConfig.GROUP_ID, prefix + "-gateway");
    EmbeddedBackend backend = new EmbeddedBackend(new HashingTextEmbedder(32), LinearScorer.defaults());
    try (GatewayService gateway = new GatewayService(new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(),
        null, Map.of(), gw)), backend).start()) {
      assertThat(backend.scorer().version()).isZero();
      // and reward records of 2 groups of 8 embedded rollouts on the training topic
      produceGroups(topics.trainingRewards().name(), registry, 2);
      Map<String, Object> tc = new HashMap<>(common);
      tc.put(TrainerConfig.CONSUMER_GROUP, prefix + "-trainer");
      tc.put(TrainerConfig.EXPORT_DIR, dir.resolve("export").toString());
      tc.put(TrainerConfig.LEARNER_ENABLED, "true");
      tc.put(TrainerConfig.LEARNER_GROUPS_PER_UPDATE, "2");
      tc.put(TrainerConfig.LEARNER_CHECKPOINT, dir.resolve("learner.json").toString());
      tc.put(TrainerConfig.POLL_TIMEOUT_MS, "100");
      // When the trainer runs its learner
      try (TrainerApp trainer = TrainerApp.start(new TrainerConfig(tc))) {
        // Then the gateway's embedded policy switches to version 1 with the learner's weights
        long deadline = System.currentTimeMillis() + 60_000;
        while (backend.scorer().version() < 1 && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        assertThat(backend.scorer().version()).isEqualTo(1);
        LearnerCheckpoint ckpt = LearnerCheckpoint.read(dir.resolve("learner.json")).orElseThrow();
        assertThat(backend.scorer().weights()).containsExactly(ckpt.weights());
        assertThat(backend.modelVersion()).contains("1");
      }
    }
  }

  private static void produceGroups(String topic, String registry, int groups) {
    SpecificAvroSerializer<RewardRecord> ser = new SpecificAvroSerializer<>();
    ser.configure(Map.of("schema.registry.url", registry), false);
    double[] w = LinearScorer.defaults().weights();
    try (KafkaProducer<String, RewardRecord> p = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new StringSerializer(), ser)) {
      int made = 0;
      for (long seed = 1; made < groups; seed++) {
        List<RewardRecord> g = group("g" + seed, w, seed);
        if (g.stream().mapToDouble(RewardRecord::getReward).distinct().count() < 2) {
          continue;
        }
        g.forEach(r -> p.send(new ProducerRecord<>(topic, r.getGroupId(), r)));
        made++;
      }
      p.flush();
    }
  }

  /** 8 Plackett-Luce rollouts of the default scorer over 20 random candidates; the positive is row 0. */
  private static List<RewardRecord> group(String id, double[] w, long seed) {
    Random random = new Random(seed);
    int n = 20;
    int d = Feature.count();
    double[][] x = new double[n][d];
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = random.nextDouble();
        values.add(x[i][k]);
      }
    }
    List<String> names = new ArrayList<>();
    for (Feature f : Feature.values()) {
      names.add(f.key());
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("m" + i);
    }
    double[] scores = Scoring.scores(x, w);
    List<Double> scoreList = new ArrayList<>();
    for (double s : scores) {
      scoreList.add(s);
    }
    List<RewardRecord> out = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      int[] order = PlackettLuce.sample(scores, 1.0, seed * 97 + r);
      int rank = GrpoTrainer.rankOf(order, 0);
      List<Integer> orderList = new ArrayList<>();
      for (int i : order) {
        orderList.add(i);
      }
      out.add(RewardRecord.newBuilder().setRecordId(id + "-" + r + "-RANK").setTask(TaskKind.RANK).setGroupId(id)
          .setGroupSize(8).setRollout(r).setUserId("u-" + id).setRequestId("req-" + id)
          .setPromptMessages(List.of(new ChatMessage("system", "You rank movies."), new ChatMessage("user", "...")))
          .setCompletion("<think>synthetic</think>").setReward(RankReward.of(rank)).setPositiveRank(rank)
          .setNdcgAt10(Ndcg.AT_10.ofRank(rank)).setGroundTruth("{\"positive\": \"m0\", \"candidates\": []}")
          .setModelVersion("embedded-v0").setDataSource("starec/synthetic/rank").setTimestampMs(1L)
          .setPolicyFeatures(PolicyFeatures.newBuilder().setNames(names).setItemIds(ids).setValues(values)
              .setScores(scoreList).setOrder(orderList).setTemperature(1.0).build())
          .build());
    }
    return out;
  }
}
