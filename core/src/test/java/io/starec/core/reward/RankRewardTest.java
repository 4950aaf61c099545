package io.starec.core.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RankRewardTest {

  @ParameterizedTest(name = "rank {0} -> {1}")
  @CsvSource({"1,1.0", "2,0.5", "5,0.5", "6,0.0", "10,0.0", "11,-0.5", "20,-0.5", "21,-1.0", "0,-1.0", "-1,-1.0"})
  void everyBoundaryOfThePapersRankReward(int rank, double expected) {
    assertThat(RankReward.of(rank)).isEqualTo(expected);
  }

  @Test
  void absentPositiveIsAMiss() {
    assertThat(RankReward.of(OptionalInt.empty())).isEqualTo(-1.0);
    assertThat(RankReward.of(OptionalInt.of(3))).isEqualTo(0.5);
  }
}
