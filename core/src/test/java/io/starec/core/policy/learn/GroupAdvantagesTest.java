package io.starec.core.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {

  @Test
  void usesTheSampleStdLikeTorchStd() {
    // Given rewards whose mean is 0.25 and sample std (n-1) is sqrt(0.6875 / 3)... computed by hand
    double[] r = {1.0, 0.5, 0.0, -0.5};
    double mean = 0.25;
    double ss = 0.5625 + 0.0625 + 0.0625 + 0.5625;
    double sampleStd = Math.sqrt(ss / 3);
    // When advantages are computed
    double[] a = GroupAdvantages.compute(r);
    // Then A_i = (r_i - mean) / (sample std + 1e-6), as VeRL's compute_grpo_outcome_advantage
    for (int i = 0; i < r.length; i++) {
      assertThat(a[i]).isCloseTo((r[i] - mean) / (sampleStd + 1e-6), within(1e-12));
    }
    assertThat(GroupAdvantages.sampleStd(r)).isCloseTo(sampleStd, within(1e-12));
    assertThat(GroupAdvantages.populationStd(r)).isCloseTo(Math.sqrt(ss / 4), within(1e-12));
  }

  @Test
  void sampleStdOfEightIsLargerThanPopulationStdBySqrtOf8Over7() {
    double[] r = {1, -1, 0.5, 0.5, 0, -0.5, -1, 1};
    assertThat(GroupAdvantages.sampleStd(r) / GroupAdvantages.populationStd(r)).isCloseTo(Math.sqrt(8.0 / 7.0), within(1e-12));
  }

  @Test
  void advantagesAreCentredAndHaveUnitSampleStd() {
    double[] a = GroupAdvantages.compute(new double[] {1, -1, 0.5, 0.5, 0, -0.5, -1, 1}, 0.0);
    assertThat(GroupAdvantages.mean(a)).isCloseTo(0.0, within(1e-12));
    assertThat(GroupAdvantages.sampleStd(a)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void equalRewardsGiveZeroAdvantagesAndAreFlagged() {
    double[] r = {0.5, 0.5, 0.5};
    assertThat(GroupAdvantages.allEqual(r)).isTrue();
    assertThat(GroupAdvantages.compute(r)).containsOnly(0.0);
    assertThat(GroupAdvantages.allEqual(new double[] {0.5, 0.0})).isFalse();
  }

  @Test
  void aSingleRewardKeepsItsValueAsInVerl() {
    // VeRL: a group of one gets mean 0, std 1
    assertThat(GroupAdvantages.compute(new double[] {0.5}, 0.0)).containsExactly(0.5);
    assertThat(GroupAdvantages.compute(new double[0])).isEmpty();
  }
}
