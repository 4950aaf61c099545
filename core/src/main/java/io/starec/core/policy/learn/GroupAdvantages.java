package io.starec.core.policy.learn;

/**
 * GRPO group-relative advantages, A_i = (r_i - mean) / (std + eps), as VeRL's
 * {@code compute_grpo_outcome_advantage} computes them.
 *
 * <p>std is the <em>sample</em> (unbiased, n-1) standard deviation because VeRL uses {@code torch.std}, whose
 * default is Bessel-corrected. With G = 8 the sample std is sqrt(8/7) = 1.069 times the population std, so
 * advantages here are about 6.5% smaller than with the population std; matching VeRL keeps an embedded run and
 * a VeRL run on the same groups comparable. A group of one gets mean 0 and std 1 in VeRL (advantage = reward);
 * the trainer never builds batches from such groups anyway.
 */
public final class GroupAdvantages {

  /** VeRL's default epsilon. */
  public static final double EPSILON = 1e-6;

  private GroupAdvantages() {}

  public static double mean(double[] rewards) {
    double sum = 0;
    for (double r : rewards) {
      sum += r;
    }
    return rewards.length == 0 ? 0.0 : sum / rewards.length;
  }

  /** Sample (n-1) standard deviation; 0 for fewer than two values. */
  public static double sampleStd(double[] rewards) {
    int n = rewards.length;
    if (n < 2) {
      return 0.0;
    }
    double mean = mean(rewards);
    double ss = 0;
    for (double r : rewards) {
      ss += (r - mean) * (r - mean);
    }
    return Math.sqrt(ss / (n - 1));
  }

  /** Population (n) standard deviation, for comparison and documentation only. */
  public static double populationStd(double[] rewards) {
    int n = rewards.length;
    if (n == 0) {
      return 0.0;
    }
    double mean = mean(rewards);
    double ss = 0;
    for (double r : rewards) {
      ss += (r - mean) * (r - mean);
    }
    return Math.sqrt(ss / n);
  }

  public static double[] compute(double[] rewards) {
    return compute(rewards, EPSILON);
  }

  /** A_i = (r_i - mean) / (sampleStd + eps); a single reward gets mean 0, std 1 as in VeRL. */
  public static double[] compute(double[] rewards, double epsilon) {
    double[] out = new double[rewards.length];
    if (rewards.length == 0) {
      return out;
    }
    double mean = rewards.length == 1 ? 0.0 : mean(rewards);
    double std = rewards.length == 1 ? 1.0 : sampleStd(rewards);
    for (int i = 0; i < rewards.length; i++) {
      out[i] = (rewards[i] - mean) / (std + epsilon);
    }
    return out;
  }

  /** True when every reward is equal, i.e. every advantage is zero and the group carries no signal. */
  public static boolean allEqual(double[] rewards) {
    for (int i = 1; i < rewards.length; i++) {
      if (Double.compare(rewards[i], rewards[0]) != 0) {
        return false;
      }
    }
    return true;
  }
}
