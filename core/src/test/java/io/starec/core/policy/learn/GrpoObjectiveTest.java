package io.starec.core.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.core.policy.PlackettLuce;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GrpoObjectiveTest {

  private final Random random = new Random(7);

  private List<GrpoGroupBatch> groups(double[] oldW, double[] refW, int count) {
    List<GrpoGroupBatch> out = new ArrayList<>();
    for (int g = 0; g < count; g++) {
      double[][] x = LearnFixtures.randomFeatures(random, 20);
      double[] scores = Scoring.scores(x, oldW);
      int[][] orders = new int[8][];
      double[] rewards = new double[8];
      for (int r = 0; r < 8; r++) {
        orders[r] = PlackettLuce.sample(scores, 1.0, 100L * g + r);
        rewards[r] = r % 3 - 1;
      }
      out.add(GrpoGroupBatch.of(x, orders, GroupAdvantages.compute(rewards), oldW, refW, 1.0));
    }
    return out;
  }

  private void assertGradientMatchesFiniteDifferences(GrpoObjective objective, List<GrpoGroupBatch> groups,
                                                      double[] w) {
    double[] g = objective.evaluate(groups, w).gradient();
    for (int k = 0; k < w.length; k++) {
      double h = 1e-6;
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += h;
      down[k] -= h;
      double fd = (objective.evaluate(groups, up).loss() - objective.evaluate(groups, down).loss()) / (2 * h);
      assertThat(g[k]).as("weight %d", k).isCloseTo(fd, within(1e-6));
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesNearTheOldPolicy() {
    // Given rollouts from an old policy and a current policy close to it (ratios inside the clip range)
    double[] old = LearnFixtures.randomWeights(random);
    double[] ref = LearnFixtures.randomWeights(random);
    double[] w = old.clone();
    for (int k = 0; k < w.length; k++) {
      w[k] += 0.01 * random.nextGaussian();
    }
    GrpoObjective objective = new GrpoObjective(0.2, 0.05, 1.0);
    List<GrpoGroupBatch> groups = groups(old, ref, 3);
    // Then the analytic gradient (clip + k3 KL) equals the numerical one
    assertThat(objective.evaluate(groups, w).clipFraction()).isLessThan(0.5);
    assertGradientMatchesFiniteDifferences(objective, groups, w);
  }

  @Test
  void gradientMatchesFiniteDifferencesWhenManyTokensAreClipped() {
    double[] old = LearnFixtures.randomWeights(random);
    double[] w = old.clone();
    for (int k = 0; k < w.length; k++) {
      w[k] += 0.5 * random.nextGaussian();
    }
    GrpoObjective objective = new GrpoObjective(0.2, 1e-3, 1.0);
    List<GrpoGroupBatch> groups = groups(old, old, 3);
    assertThat(objective.evaluate(groups, w).clipFraction()).isGreaterThan(0.1);
    assertGradientMatchesFiniteDifferences(objective, groups, w);
  }

  @Test
  void onPolicyTheRatioIsOneAndTheKlToItselfIsZero() {
    double[] w = LearnFixtures.randomWeights(random);
    GrpoObjective objective = new GrpoObjective(0.2, 1e-3, 1.0);
    GrpoObjective.Result r = objective.evaluate(groups(w, w, 2), w);
    assertThat(r.meanRatio()).isCloseTo(1.0, within(1e-12));
    assertThat(r.meanKl()).isCloseTo(0.0, within(1e-12));
    assertThat(r.clipFraction()).isZero();
    // and the loss is -mean(A) = 0 for normalised advantages
    assertThat(r.loss()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void theK3EstimatorIsNonNegative() {
    double[] w = LearnFixtures.randomWeights(random);
    double[] ref = LearnFixtures.randomWeights(random);
    assertThat(new GrpoObjective(0.2, 1.0, 1.0).evaluate(groups(w, ref, 2), w).meanKl()).isGreaterThan(0);
  }
}
