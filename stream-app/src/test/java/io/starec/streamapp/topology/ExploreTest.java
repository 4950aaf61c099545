package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceTask;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.core.ranking.Rollouts;
import io.starec.streamapp.AppSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExploreTest {

  private static final List<String> RANKING = TopologyHarness.ids(1, 10);

  @Test
  void anExploreRequestScoresEightRolloutsInOneGroup() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given an EXPLORE request
      h.catalogue(10);
      h.request("r1", "u1", RANKING, RankingMode.EXPLORE, T0);
      // Then the task asks for G = 8 sampled rollouts
      InferenceTask task = h.tasks.readValue();
      assertThat(task.getSampling().getN()).isEqualTo(8);
      assertThat(task.getSampling().getTemperature()).isEqualTo(1.0);
      // When the gateway answers with 8 different rankings (rollout r = RANKING rotated by r)
      h.answer(task, RANKING);
      // Then rollout 0 is served
      RankingResponse response = h.responses.readValue();
      assertThat(response.getRanked()).extracting(RankedItem::getItemId).isEqualTo(RANKING);
      // When the ground truth arrives: i1, at rank 1 + r in rollout r
      h.rate("e1", "u1", "i1", 5, T0 + 100);
      // Then all 8 rollouts are scored, sharing one group id
      List<RewardRecord> rewards = h.rewards.readValuesToList();
      assertThat(rewards).hasSize(8);
      assertThat(rewards).extracting(RewardRecord::getGroupId).containsOnly("2:u1:r1:rank");
      assertThat(rewards).extracting(RewardRecord::getGroupSize).containsOnly(8);
      assertThat(rewards).extracting(RewardRecord::getRollout).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(rewards).extracting(RewardRecord::getPositiveRank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
      assertThat(rewards).extracting(RewardRecord::getReward)
          .containsExactly(1.0, 0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0);
      assertThat(rewards).extracting(RewardRecord::getRecordId).doesNotHaveDuplicates();
      assertThat(rewards.get(3).getCompletion()).isEqualTo("completion 3");
    }
  }

  @Test
  void anExploredServeRequestIsServedTheGreedyRankingWhileItsSamplesTrain() {
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults().withExploreFraction(1.0))) {
      // Given a SERVE request picked for exploration
      h.catalogue(10);
      h.request("r1", "u1", RANKING, T0);
      // Then the task asks for G = 8 samples and the greedy ranking to serve
      InferenceTask task = h.tasks.readValue();
      assertThat(task.getSampling().getN()).isEqualTo(8);
      assertThat(task.getSampling().getTemperature()).isEqualTo(1.0);
      assertThat(task.getSampling().getServeGreedy()).isTrue();
      // When the gateway answers with 8 samples (rollout r = RANKING rotated by r) and the greedy ranking, scored
      List<InferenceOutput> outputs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        outputs.add(TopologyHarness.output(r, TopologyHarness.rotate(RANKING, r + 3)));
      }
      List<String> greedy = TopologyHarness.ids(1, 10);
      java.util.Collections.reverse(greedy);
      InferenceOutput best = TopologyHarness.output(Rollouts.GREEDY, greedy);
      for (int i = 0; i < best.getRanking().size(); i++) {
        best.getRanking().get(i).setScore(10.0 - i);
      }
      outputs.add(best);
      h.results.pipeInput("u1", TopologyHarness.result(task, outputs), T0);
      // Then the client gets the greedy ranking, in rank order with falling scores
      RankingResponse response = h.responses.readValue();
      assertThat(response.getRanked()).extracting(RankedItem::getItemId).isEqualTo(greedy);
      assertThat(response.getRanked()).extracting(RankedItem::getRank).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(response.getRanked()).extracting(RankedItem::getScore)
          .isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(response.getRationale()).isEqualTo("<think>rollout -1</think>");
      // and the user's pending prediction is what was served
      assertThat(h.memory("u1").getPending()).singleElement()
          .satisfies(p -> assertThat(p.getServedItemIds()).isEqualTo(greedy));
      // When the ground truth arrives
      h.rate("e1", "u1", "i1", 5, T0 + 100);
      // Then the 8 samples are rewarded as one group of 8; the greedy ranking is not a member
      List<RewardRecord> rewards = h.rewards.readValuesToList();
      assertThat(rewards).extracting(RewardRecord::getRollout).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
      assertThat(rewards).extracting(RewardRecord::getGroupSize).containsOnly(8);
      assertThat(rewards).extracting(RewardRecord::getGroupId).containsOnly("2:u1:r1:rank");
    }
  }

  @Test
  void anExploreModeRequestAsksForNoGreedyRanking() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(10);
      h.request("r1", "u1", RANKING, RankingMode.EXPLORE, T0);
      assertThat(h.tasks.readValue().getSampling().getServeGreedy()).isFalse();
    }
  }

  @Test
  void oneRolloutThatIsNotAPermutationFailsTheWholeExploredResult() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given an EXPLORE request in flight
      h.catalogue(10);
      h.request("r1", "u1", RANKING, RankingMode.EXPLORE, T0);
      InferenceTask task = h.tasks.readValue();
      // When rollout 5 of the 8 leaves a candidate out
      List<InferenceOutput> outputs = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        List<String> ranking = TopologyHarness.rotate(RANKING, r);
        outputs.add(TopologyHarness.output(r, r == 5 ? ranking.subList(0, 9) : ranking));
      }
      h.results.pipeInput("u1", TopologyHarness.result(task, outputs), T0);
      // Then the served answer is the degraded fallback naming rollout 5, and no group waits for a reward
      RankingResponse response = h.responses.readValue();
      assertThat(response.getDegraded()).isTrue();
      assertThat(response.getParseIssues()).singleElement().satisfies(issue -> assertThat(issue)
          .contains("rollout 5", "candidates left out: [i5]"));
      assertThat(h.count("starec.stream.contract.violations", "violation", "ranking")).isEqualTo(1);
      assertThat(h.memory("u1")).isNull();
      h.rate("e1", "u1", "i1", 5, T0 + 100);
      assertThat(h.rewards.isEmpty()).isTrue();
    }
  }

  @Test
  void aConfiguredFractionOfServeRequestsIsExploredByRequestIdHash() {
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults()
        .withExploreFraction(0.5))) {
      h.catalogue(2);
      // When 200 SERVE requests arrive
      for (int i = 0; i < 200; i++) {
        h.request("req-" + i, "u" + i, List.of("i1", "i2"), T0);
      }
      // Then about half are explored, and which ones depends only on the request id
      List<InferenceTask> tasks = h.tasks.readValuesToList();
      long explored = tasks.stream().filter(t -> t.getSampling().getN() == 8).count();
      assertThat(explored).isBetween(70L, 130L);
      TopologyContext tc = new TopologyContext(AppSettings.defaults().withExploreFraction(0.5), h.topics, h.metrics);
      assertThat(tasks).allSatisfy(t -> assertThat(t.getSampling().getN() == 8)
          .isEqualTo(tc.sampledForExploration(t.getRequestId())));
    }
  }

  @Test
  void serveRequestsAreNotExploredByDefault() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      h.request("r1", "u1", List.of("i1", "i2"), T0);
      assertThat(h.tasks.readValue().getSampling().getN()).isEqualTo(1);
    }
  }
}
