package io.starec.core.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.core.policy.Feature;
import io.starec.core.policy.PlackettLuce;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlackettLuceGradientTest {

  private final Random random = new Random(42);

  @Test
  void positionLogProbsSumToTheGatewaysLogProbability() {
    double[] s = {1.0, -0.5, 2.0, 0.3, 0.0};
    int[] order = {2, 0, 3, 4, 1};
    for (double t : new double[] {0.5, 1.0, 2.0}) {
      assertThat(PlackettLuceGradient.logProb(order, s, t))
          .isCloseTo(PlackettLuce.logProbability(order, s, t), within(1e-12));
    }
  }

  @Test
  void allRankingsOfThreeItemsSumToOne() {
    double[] s = {0.4, -1.2, 0.9};
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double total = 0;
    for (int[] p : perms) {
      total += Math.exp(PlackettLuceGradient.logProb(p, s, 0.7));
    }
    assertThat(total).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void scoreGradientMatchesFiniteDifferences() {
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + random.nextInt(19);
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = 2 * random.nextGaussian();
      }
      int[] order = PlackettLuce.sample(s, 1.0, trial);
      double t = 0.5 + random.nextDouble();
      double[] g = PlackettLuceGradient.logProbScoreGradient(order, s, t);
      for (int j = 0; j < n; j++) {
        double h = 1e-6;
        double[] up = s.clone();
        double[] down = s.clone();
        up[j] += h;
        down[j] -= h;
        double fd = (PlackettLuceGradient.logProb(order, up, t) - PlackettLuceGradient.logProb(order, down, t)) / (2 * h);
        assertThat(g[j]).as("trial %d, item %d", trial, j).isCloseTo(fd, within(1e-6));
      }
    }
  }

  @Test
  void weightGradientMatchesFiniteDifferences() {
    double[][] x = LearnFixtures.randomFeatures(random, 20);
    double[] w = LearnFixtures.randomWeights(random);
    int[] order = PlackettLuce.sample(Scoring.scores(x, w), 1.0, 3);
    double[] gs = PlackettLuceGradient.logProbScoreGradient(order, Scoring.scores(x, w), 1.0);
    double[] gw = new double[Feature.count()];
    PlackettLuceGradient.addWeightGradient(x, gs, gw);
    for (int k = 0; k < w.length; k++) {
      double h = 1e-6;
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += h;
      down[k] -= h;
      double fd = (PlackettLuceGradient.logProb(order, Scoring.scores(x, up), 1.0)
          - PlackettLuceGradient.logProb(order, Scoring.scores(x, down), 1.0)) / (2 * h);
      assertThat(gw[k]).isCloseTo(fd, within(1e-6));
    }
  }

  @Test
  void aShiftOfAllScoresChangesNothing() {
    double[] s = {0.1, 0.7, -0.3};
    double[] shifted = {5.1, 5.7, 4.7};
    int[] order = {1, 2, 0};
    assertThat(PlackettLuceGradient.logProb(order, shifted, 1.0))
        .isCloseTo(PlackettLuceGradient.logProb(order, s, 1.0), within(1e-12));
    double sum = 0;
    for (double g : PlackettLuceGradient.logProbScoreGradient(order, s, 1.0)) {
      sum += g;
    }
    assertThat(sum).isCloseTo(0.0, within(1e-12));
  }
}
