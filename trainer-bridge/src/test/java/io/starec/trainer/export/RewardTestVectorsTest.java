package io.starec.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.core.parse.ParsedRanking;
import io.starec.core.parse.RankingParser;
import io.starec.core.reward.RankReward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java side of deploy/verl/reward_test_vectors.json: the same file deploy/verl/test_starec_reward.py reads.
 * The reward is the gateway's parser plus RankReward, with the rank taken among the lines the model wrote (an
 * appended positive is "not ranked"), as in starec_reward.py.
 */
class RewardTestVectorsTest {

  static Path vectors() {
    String override = System.getProperty("starec.reward.vectors");
    if (override != null) {
      return Path.of(override);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("deploy/verl/reward_test_vectors.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("deploy/verl/reward_test_vectors.json not found above " + Path.of("")
          .toAbsolutePath());
    }
    return p.resolve("deploy/verl/reward_test_vectors.json");
  }

  /** Reward of a completion given VeRL's ground truth; -1.0 for unreadable ground truth, as in Python. */
  static double reward(String completion, String groundTruth) {
    return ParsedGroundTruth.parse(groundTruth).map(gt -> {
      if (gt.candidates().stream().allMatch(c -> c.title().isEmpty())) {
        return RankReward.MISS; // Python accepts only {itemId, title} candidates
      }
      ParsedRanking parsed = new RankingParser().parse(completion, gt.candidateIds(),
          gt.candidates().stream().map(ParsedGroundTruth.Candidate::title).toList());
      return RankReward.of(rankOf(parsed, gt.positive()));
    }).orElse(RankReward.MISS);
  }

  static OptionalInt rankOf(ParsedRanking parsed, String positive) {
    List<String> written = new ArrayList<>();
    for (ParsedRanking.Entry e : parsed.entries()) {
      if (!e.appended()) {
        written.add(e.itemId());
      }
    }
    int i = written.indexOf(positive);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i + 1);
  }

  @TestFactory
  Stream<DynamicTest> javaRewardEqualsTheSharedVectors() throws Exception {
    JsonNode all = new ObjectMapper().readTree(vectors().toFile());
    assertThat(all.size()).isGreaterThan(0);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : all) {
      tests.add(DynamicTest.dynamicTest(v.get("name").asText(), () -> {
        // Given a completion and VeRL's ground truth, When the Java parser + RankReward score it
        double reward = reward(v.get("solution_str").asText(), v.get("ground_truth").asText());
        // Then it equals the expected reward (and the Python compute_score, tested on the same file)
        assertThat(reward).isEqualTo(v.get("expected_reward").asDouble());
        JsonNode rank = v.get("expected_rank");
        ParsedGroundTruth.parse(v.get("ground_truth").asText()).ifPresent(gt -> {
          ParsedRanking parsed = new RankingParser().parse(v.get("solution_str").asText(), gt.candidateIds(),
              gt.candidates().stream().map(ParsedGroundTruth.Candidate::title).toList());
          OptionalInt r = rankOf(parsed, gt.positive());
          if (rank == null || rank.isNull()) {
            assertThat(r).isEmpty();
          } else {
            assertThat(r).hasValue(rank.asInt());
          }
        });
      }));
    }
    return tests.stream();
  }
}
