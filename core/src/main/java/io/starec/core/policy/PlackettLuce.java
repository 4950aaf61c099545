package io.starec.core.policy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The Plackett-Luce distribution over rankings with logits {@code s_i / T}: items are drawn one by one, each
 * with probability proportional to {@code exp(s_i / T)} among those left. Sampling uses the Gumbel top-k
 * trick (sort by {@code s_i / T + Gumbel(0,1)}), which draws exactly from this distribution. At temperature 0
 * the ranking is the greedy sort (ties to the lower index). The random stream is our own SplitMix64, so a seed
 * gives the same ranking on every JVM.
 */
public final class PlackettLuce {

  private PlackettLuce() {}

  /** Indices by descending score, ties by index. */
  public static int[] greedy(double[] scores) {
    Integer[] idx = new Integer[scores.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  /** One ranking drawn at {@code temperature} (greedy when it is 0 or less). */
  public static int[] sample(double[] scores, double temperature, long seed) {
    if (!(temperature > 0)) {
      return greedy(scores);
    }
    SplitMix64 rng = new SplitMix64(seed);
    double[] keys = new double[scores.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = scores[i] / temperature + gumbel(rng);
    }
    return greedy(keys);
  }

  /**
   * log P(order) under Plackett-Luce with logits {@code scores / temperature}; {@code temperature} must be
   * positive. {@code order} must be a permutation of the indices.
   */
  public static double logProbability(int[] order, double[] scores, double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
    }
    double lp = 0;
    for (int pos = 0; pos < order.length; pos++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = pos; k < order.length; k++) {
        max = Math.max(max, scores[order[k]] / temperature);
      }
      double sum = 0;
      for (int k = pos; k < order.length; k++) {
        sum += Math.exp(scores[order[k]] / temperature - max);
      }
      lp += scores[order[pos]] / temperature - (max + Math.log(sum));
    }
    return lp;
  }

  /**
   * The seed of one rollout: from the task's sampling seed when set, else from the task id (FNV-1a of its
   * UTF-8), mixed with the rollout index. Same task and rollout, same ranking.
   */
  public static long seed(Long taskSeed, String taskId, int rollout) {
    long base;
    if (taskSeed != null) {
      base = taskSeed;
    } else {
      base = 0xcbf29ce484222325L;
      for (byte b : (taskId == null ? "" : taskId).getBytes(StandardCharsets.UTF_8)) {
        base ^= (b & 0xff);
        base *= 0x100000001b3L;
      }
    }
    return SplitMix64.mix(base + 0x9E3779B97F4A7C15L * (rollout + 1L));
  }

  private static double gumbel(SplitMix64 rng) {
    double u = ((rng.next() >>> 11) + 0.5) * 0x1.0p-53; // in (0, 1)
    return -Math.log(-Math.log(u));
  }

  /** SplitMix64 (Steele, Lea, Flood 2014). */
  static final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
      this.state = seed;
    }

    long next() {
      state += 0x9E3779B97F4A7C15L;
      return mix(state);
    }

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
