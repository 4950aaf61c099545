package io.starec.core.policy.learn;

/**
 * Per-position log-probabilities of a ranking under Plackett-Luce and their gradients. A ranking is a sequence
 * of "tokens" (the item placed at each position), so {@code log P(o) = sum_t log pi(o_t | o_<t)} with
 * {@code log pi(o_t | o_<t) = s_{o_t}/T - logsumexp_{k >= t} s_{o_k}/T}: the GRPO objective treats each position
 * as a token, as the paper's Eq. 3 treats each generated token.
 *
 * <p>Gradients: {@code d log pi_t / d s_j = (1/T) (1[j = o_t] - p_t(j))} for j still unplaced at t, where
 * {@code p_t} is the softmax over the unplaced items; with linear scores {@code s = X w + b} this gives
 * {@code d log pi_t / d w = (1/T) (x_{o_t} - sum_{k >= t} p_t(o_k) x_{o_k})}. The bias cancels (PL is
 * shift-invariant), so it never moves.
 */
public final class PlackettLuceGradient {

  private PlackettLuceGradient() {}

  /** {@code log pi(o_t | o_<t)} for every position t. */
  public static double[] positionLogProbs(int[] order, double[] scores, double temperature) {
    requirePositive(temperature);
    int n = order.length;
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = t; k < n; k++) {
        max = Math.max(max, scores[order[k]] / temperature);
      }
      double sum = 0;
      for (int k = t; k < n; k++) {
        sum += Math.exp(scores[order[k]] / temperature - max);
      }
      out[t] = scores[order[t]] / temperature - (max + Math.log(sum));
    }
    return out;
  }

  /** log P(order), the sum of the position log-probabilities. */
  public static double logProb(int[] order, double[] scores, double temperature) {
    double s = 0;
    for (double lp : positionLogProbs(order, scores, temperature)) {
      s += lp;
    }
    return s;
  }

  /**
   * Adds {@code sum_t coef[t] * d log pi_t / d s} to {@code gradScores} (indexed by candidate). Positions with
   * coefficient 0 are skipped.
   */
  public static void addScoreGradient(int[] order, double[] scores, double temperature, double[] coef,
                                      double[] gradScores) {
    requirePositive(temperature);
    int n = order.length;
    double[] p = new double[n];
    for (int t = 0; t < n; t++) {
      double c = coef[t];
      if (c == 0) {
        continue;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int k = t; k < n; k++) {
        max = Math.max(max, scores[order[k]] / temperature);
      }
      double sum = 0;
      for (int k = t; k < n; k++) {
        p[k] = Math.exp(scores[order[k]] / temperature - max);
        sum += p[k];
      }
      for (int k = t; k < n; k++) {
        gradScores[order[k]] -= c * (p[k] / sum) / temperature;
      }
      gradScores[order[t]] += c / temperature;
    }
  }

  /** The gradient of {@code log P(order)} with respect to the scores. */
  public static double[] logProbScoreGradient(int[] order, double[] scores, double temperature) {
    double[] coef = new double[order.length];
    java.util.Arrays.fill(coef, 1.0);
    double[] g = new double[scores.length];
    addScoreGradient(order, scores, temperature, coef, g);
    return g;
  }

  /** Chain rule for linear scores: {@code gradW[k] += sum_i gradScores[i] * x[i][k]}. */
  public static void addWeightGradient(double[][] x, double[] gradScores, double[] gradW) {
    for (int i = 0; i < x.length; i++) {
      double g = gradScores[i];
      if (g == 0) {
        continue;
      }
      double[] row = x[i];
      for (int k = 0; k < gradW.length; k++) {
        gradW[k] += g * row[k];
      }
    }
  }

  private static void requirePositive(double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, was " + temperature);
    }
  }
}
