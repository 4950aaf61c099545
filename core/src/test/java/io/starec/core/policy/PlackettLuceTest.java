package io.starec.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlackettLuceTest {

  @Test
  void greedyIsAStableDescendingSort() {
    assertThat(PlackettLuce.greedy(new double[] {0.1, 0.9, 0.5, 0.9})).containsExactly(1, 3, 2, 0);
    assertThat(PlackettLuce.sample(new double[] {0.1, 0.9, 0.5}, 0.0, 7)).containsExactly(1, 2, 0);
  }

  @Test
  void sameSeedSameRankingAndSeedsDependOnTaskAndRollout() {
    double[] s = {0.3, 0.1, 0.7, 0.2, 0.5};
    long seed = PlackettLuce.seed(null, "task-1", 3);
    assertThat(PlackettLuce.sample(s, 1.0, seed)).containsExactly(PlackettLuce.sample(s, 1.0, seed));
    assertThat(PlackettLuce.seed(null, "task-1", 3)).isNotEqualTo(PlackettLuce.seed(null, "task-1", 4))
        .isNotEqualTo(PlackettLuce.seed(null, "task-2", 3));
    assertThat(PlackettLuce.seed(42L, "a", 0)).isEqualTo(PlackettLuce.seed(42L, "b", 0));
  }

  @Test
  void logProbabilitiesOfAllPermutationsSumToOne() {
    double[] s = {1.0, 0.2, -0.5};
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double total = 0;
    for (int[] p : perms) {
      total += Math.exp(PlackettLuce.logProbability(p, s, 0.7));
    }
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void gumbelTopKSamplesTheFirstPositionWithSoftmaxProbabilities() {
    // Given logits 2, 1, 0 the first item is drawn with probability softmax(2, 1, 0)
    double[] s = {2.0, 1.0, 0.0};
    Map<Integer, Integer> firsts = new HashMap<>();
    int n = 20_000;
    for (int r = 0; r < n; r++) {
      firsts.merge(PlackettLuce.sample(s, 1.0, PlackettLuce.seed(null, "t", r))[0], 1, Integer::sum);
    }
    double z = Math.exp(2) + Math.exp(1) + 1;
    assertThat(firsts.get(0) / (double) n).isCloseTo(Math.exp(2) / z, within(0.02));
    assertThat(firsts.get(2) / (double) n).isCloseTo(1 / z, within(0.02));
  }

  @Test
  void samplesArePermutations() {
    double[] s = new double[20];
    Arrays.setAll(s, i -> Math.sin(i));
    int[] order = PlackettLuce.sample(s, 2.0, 99);
    assertThat(Arrays.stream(order).sorted().toArray()).containsExactly(java.util.stream.IntStream.range(0, 20).toArray());
  }
}
