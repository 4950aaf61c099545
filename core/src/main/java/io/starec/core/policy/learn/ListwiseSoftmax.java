package io.starec.core.policy.learn;

import java.util.List;

/**
 * The supervised "SFT anchoring" loss of the embedded scorer: the listwise softmax cross-entropy of the chosen
 * item, {@code -log softmax(s)_pos} (the Plackett-Luce likelihood of placing the next item first), averaged over
 * contexts, plus {@code l2 * |w|^2}. The embedded analogue of distilling good rankings into the policy before RL.
 */
public final class ListwiseSoftmax {

  private ListwiseSoftmax() {}

  /** Loss and gradient with respect to the weights. */
  public record Result(double loss, double[] gradient) {}

  public static Result evaluate(List<RankingContext> batch, double[] weights, double l2) {
    double[] grad = new double[weights.length];
    double loss = 0;
    int n = Math.max(1, batch.size());
    for (RankingContext c : batch) {
      double[] s = Scoring.scores(c.features(), weights);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        max = Math.max(max, v);
      }
      double sum = 0;
      double[] p = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        p[i] = Math.exp(s[i] - max);
        sum += p[i];
      }
      loss += -(s[c.positive()] - max - Math.log(sum)) / n;
      for (int i = 0; i < s.length; i++) {
        double g = (p[i] / sum - (i == c.positive() ? 1 : 0)) / n;
        double[] row = c.features()[i];
        for (int k = 0; k < grad.length; k++) {
          grad[k] += g * row[k];
        }
      }
    }
    for (int k = 0; k < weights.length; k++) {
      loss += l2 * weights[k] * weights[k];
      grad[k] += 2 * l2 * weights[k];
    }
    return new Result(loss, grad);
  }
}
