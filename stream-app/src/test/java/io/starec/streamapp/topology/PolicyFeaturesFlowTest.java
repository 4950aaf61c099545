package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceTask;
import io.starec.avro.PendingRanking;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RankingMode;
import io.starec.avro.RewardRecord;
import io.starec.avro.RolloutRanking;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded policy's features travel from the inference result, through user memory, to the reward records. */
class PolicyFeaturesFlowTest {

  private static final List<String> CANDIDATES = TopologyHarness.ids(1, 10);
  private static final List<String> NAMES = List.of("liked_sim", "popularity");

  /** What the embedded backend logs for a rollout ranking {@code ranking}: rows in candidate order. */
  private static PolicyFeatures features(List<String> ranking) {
    List<Double> values = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < CANDIDATES.size(); i++) {
      values.add(0.1 * i);
      values.add(1.0 - 0.1 * i);
      scores.add(-0.5 * i);
    }
    List<Integer> order = new ArrayList<>();
    for (String id : ranking) {
      order.add(CANDIDATES.indexOf(id));
    }
    return PolicyFeatures.newBuilder().setNames(NAMES).setItemIds(CANDIDATES).setValues(values).setScores(scores)
        .setOrder(order).setTemperature(1.0).build();
  }

  private static List<Integer> rows(List<String> ranking) {
    return ranking.stream().map(CANDIDATES::indexOf).toList();
  }

  @Test
  void anExploredRankingsFeaturesReachItsEightRewardRecords() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given an EXPLORE request answered by the embedded policy: 8 rollouts, each with its features
      h.catalogue(10);
      h.request("r1", "u1", CANDIDATES, RankingMode.EXPLORE, T0);
      InferenceTask task = h.tasks.readValue();
      List<InferenceOutput> outputs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        List<String> ranking = TopologyHarness.rotate(CANDIDATES, r);
        InferenceOutput out = TopologyHarness.output(r, ranking);
        out.setPolicyFeatures(features(ranking));
        outputs.add(out);
      }
      h.results.pipeInput("u1", TopologyHarness.result(task, outputs), T0);
      h.responses.readValue();

      // Then user memory holds each rollout's features as the gateway aligned them to its ranking
      PendingRanking pending = h.memory("u1").getPending().get(0);
      assertThat(pending.getRollouts()).hasSize(8).allSatisfy(r -> {
        assertThat(r.getPolicyFeatures()).isNotNull();
        assertThat(r.getPolicyFeatures().getOrder()).isEqualTo(rows(r.getRankedItemIds()));
      });
      assertThat(pending.getRollouts()).extracting(RolloutRanking::getPolicyFeatures)
          .isEqualTo(outputs.stream().map(InferenceOutput::getPolicyFeatures).toList());
      assertThat(h.count("starec.stream.policy.features", "outcome", "kept")).isEqualTo(8.0);
      assertThat(h.metrics.total("starec.stream.contract.violations")).isZero();

      // When the ground truth arrives
      h.rate("e1", "u1", "i1", 5, T0 + 100);

      // Then the 8 reward records carry the features, the learner's view of each rewarded ranking
      List<RewardRecord> rewards = h.rewards.readValuesToList();
      assertThat(rewards).hasSize(8);
      for (RewardRecord reward : rewards) {
        PolicyFeatures pf = reward.getPolicyFeatures();
        RolloutRanking rollout = pending.getRollouts().get(reward.getRollout());
        assertThat(pf).isEqualTo(rollout.getPolicyFeatures());
        assertThat(pf.getItemIds()).isEqualTo(CANDIDATES);
        assertThat(pf.getNames()).isEqualTo(NAMES);
        assertThat(pf.getValues()).hasSize(20);
        assertThat(pf.getScores()).hasSize(10);
        assertThat(pf.getTemperature()).isEqualTo(1.0);
        // the positive item's row sits at the rank the reward was computed from
        assertThat(pf.getOrder().indexOf(0) + 1).isEqualTo(reward.getPositiveRank());
      }
      // and the resolved ranking no longer keeps them in memory
      assertThat(h.memory("u1").getPending().get(0).getRollouts())
          .allSatisfy(r -> assertThat(r.getPolicyFeatures()).isNull());
    }
  }

  @Test
  void featuresOfAnotherRankingAreDroppedNotRealigned() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given an EXPLORE request whose rollout 7 carries the features of rollout 6's ranking
      h.catalogue(10);
      h.request("r1", "u1", CANDIDATES, RankingMode.EXPLORE, T0);
      InferenceTask task = h.tasks.readValue();
      List<InferenceOutput> outputs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        InferenceOutput out = TopologyHarness.output(r, TopologyHarness.rotate(CANDIDATES, r));
        out.setPolicyFeatures(features(TopologyHarness.rotate(CANDIDATES, r == 7 ? 6 : r)));
        outputs.add(out);
      }
      // When the result arrives
      h.results.pipeInput("u1", TopologyHarness.result(task, outputs), T0);
      // Then the ranking is still served and stored, and only rollout 7 loses its features, counted
      assertThat(h.responses.readValue().getDegraded()).isFalse();
      List<RolloutRanking> rollouts = h.memory("u1").getPending().get(0).getRollouts();
      assertThat(rollouts.get(7).getRankedItemIds()).isEqualTo(TopologyHarness.rotate(CANDIDATES, 7));
      assertThat(rollouts.get(7).getPolicyFeatures()).isNull();
      assertThat(rollouts.subList(0, 7)).allSatisfy(r -> assertThat(r.getPolicyFeatures()).isNotNull());
      assertThat(h.count("starec.stream.policy.features", "outcome", "kept")).isEqualTo(7.0);
      assertThat(h.count("starec.stream.policy.features", "outcome", "dropped")).isEqualTo(1.0);
      assertThat(h.count("starec.stream.contract.violations", "violation", "policy_features")).isEqualTo(1.0);
    }
  }

  @Test
  void featuresThatDoNotFitTheCandidatesAreDroppedAndRewardsStillFlow() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a result whose features describe another candidate set
      h.catalogue(10);
      h.request("r1", "u1", CANDIDATES, RankingMode.EXPLORE, T0);
      InferenceTask task = h.tasks.readValue();
      List<InferenceOutput> outputs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        InferenceOutput out = TopologyHarness.output(r, TopologyHarness.rotate(CANDIDATES, r));
        PolicyFeatures pf = features(CANDIDATES);
        pf.setItemIds(TopologyHarness.ids(11, 20));
        out.setPolicyFeatures(pf);
        outputs.add(out);
      }
      h.results.pipeInput("u1", TopologyHarness.result(task, outputs), T0);
      // When the ground truth arrives
      h.rate("e1", "u1", "i1", 5, T0 + 100);
      // Then the rewards are emitted without features and the drops are counted
      assertThat(h.rewards.readValuesToList()).hasSize(8).allSatisfy(r -> assertThat(r.getPolicyFeatures()).isNull());
      assertThat(h.count("starec.stream.policy.features", "outcome", "dropped")).isEqualTo(8.0);
    }
  }
}
