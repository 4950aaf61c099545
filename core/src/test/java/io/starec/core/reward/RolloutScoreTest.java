package io.starec.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RolloutScoreTest {

  @ParameterizedTest(name = "positive at {0} -> reward {1}")
  @CsvSource({"1,1.0,1.0", "2,0.5,0.6309297535714575", "5,0.5,0.38685280723454163", "6,0.0,0.3562071871080222",
      "10,0.0,0.2890648263178879", "11,-0.5,0.0", "20,-0.5,0.0"})
  void scoresEveryRewardBoundaryOfATwentyItemRanking(int rank, double reward, double ndcg) {
    List<String> ranking = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      ranking.add(i == rank ? "pos" : "n" + i);
    }
    RolloutScore s = RolloutScore.of(ranking, "pos");
    assertThat(s.positiveRankOrNull()).isEqualTo(rank);
    assertThat(s.reward()).isEqualTo(reward);
    assertThat(s.ndcgAt10()).isCloseTo(ndcg, within(1e-12));
  }

  @Test
  void anAbsentPositiveIsAMiss() {
    RolloutScore s = RolloutScore.of(List.of("a", "b"), "pos");
    assertThat(s.positiveRankOrNull()).isNull();
    assertThat(s.reward()).isEqualTo(-1.0);
    assertThat(s.ndcgAt10()).isZero();
  }

  @Test
  void groundTruthIsJsonWithPositiveAndCandidates() {
    assertThat(GroundTruth.json("i2", List.of("i1", "i\"3"), id -> id.equals("i1") ? "Heat (1995)" : null))
        .isEqualTo("{\"positive\":\"i2\",\"candidates\":[{\"itemId\":\"i1\",\"title\":\"Heat (1995)\"},"
            + "{\"itemId\":\"i\\\"3\",\"title\":\"i\\\"3\"}]}");
  }
}
