package io.starec.core.policy.learn;

import java.util.List;

/**
 * The clipped GRPO objective of the paper's Eq. 3 for the Plackett-Luce policy, as a loss to minimise:
 *
 * <pre>
 *   L = mean over groups of (1/G) sum_i (1/|o_i|) sum_t [ -min(rho_it A_i, clip(rho_it, 1-eps, 1+eps) A_i)
 *                                                          + beta * KL_it ]
 *   rho_it = exp(log pi(o_it | o_i,&lt;t) - log pi_old(o_it | o_i,&lt;t))
 *   KL_it  = exp(r - l) - (r - l) - 1,  r = log pi_ref(..), l = log pi(..)   (k3, clamped to [-10, 10])
 * </pre>
 *
 * Each ranking position is a token. Aggregation is the paper's (mean over a rollout's tokens, then over
 * rollouts and groups: VeRL's "seq-mean-token-mean"; VeRL's default "token-mean" differs only in weighting, as
 * every ranking of a group has the same length). The KL term is VeRL's {@code low_var_kl}: Schulman's k3
 * estimator of KL(pi || pi_ref) from samples of pi, non-negative and unbiased, clamped to [-10, 10] as VeRL
 * does (a clamped token contributes no gradient). VeRL's dual-clip for negative advantages is not applied (the
 * paper's objective has none).
 */
public final class GrpoObjective {

  public static final double KL_CLAMP = 10.0;
  static final double LOG_RATIO_CLAMP = 20.0; // VeRL clamps log-ratios before exp

  private final double clipEpsilon;
  private final double klBeta;
  private final double temperature;

  public GrpoObjective(double clipEpsilon, double klBeta, double temperature) {
    if (clipEpsilon < 0 || klBeta < 0 || !(temperature > 0)) {
      throw new IllegalArgumentException("invalid GRPO settings");
    }
    this.clipEpsilon = clipEpsilon;
    this.klBeta = klBeta;
    this.temperature = temperature;
  }

  /** Loss and its gradient with respect to the weights, plus diagnostics. */
  public record Result(double loss, double[] gradient, double meanKl, double clipFraction, double meanRatio) {}

  public Result evaluate(List<GrpoGroupBatch> groups, double[] weights) {
    double[] grad = new double[weights.length];
    double loss = 0;
    double klSum = 0;
    double ratioSum = 0;
    long tokens = 0;
    long clipped = 0;
    int nGroups = groups.size();
    if (nGroups == 0) {
      return new Result(0, grad, 0, 0, 1);
    }
    for (GrpoGroupBatch g : groups) {
      double[] scores = Scoring.scores(g.features(), weights);
      double[] gradScores = new double[scores.length];
      int groupSize = g.size();
      for (int i = 0; i < groupSize; i++) {
        int[] order = g.orders()[i];
        int len = order.length;
        double a = g.advantages()[i];
        double[] lp = PlackettLuceGradient.positionLogProbs(order, scores, temperature);
        double[] coef = new double[len];
        double weight = 1.0 / (nGroups * groupSize * (double) len);
        for (int t = 0; t < len; t++) {
          double logRatio = clamp(lp[t] - g.oldLogProbs()[i][t], LOG_RATIO_CLAMP);
          double rho = Math.exp(logRatio);
          double clippedRho = Math.max(1 - clipEpsilon, Math.min(1 + clipEpsilon, rho));
          double unclippedLoss = -a * rho;
          double clippedLoss = -a * clippedRho;
          double dLdl; // d(token loss)/d(log pi_t)
          if (unclippedLoss >= clippedLoss) {
            // inside the clip range both sides are equal and both carry the gradient -a rho
            loss += weight * unclippedLoss;
            dLdl = -a * rho;
          } else {
            loss += weight * clippedLoss;
            dLdl = 0; // the clipped side is constant in theta
            clipped++;
          }
          double diff = g.refLogProbs()[i][t] - lp[t]; // r - l
          double kl = Math.exp(diff) - diff - 1;
          if (kl > KL_CLAMP || kl < -KL_CLAMP) {
            kl = clamp(kl, KL_CLAMP);
          } else {
            dLdl += klBeta * (1 - Math.exp(diff)); // d/dl [e^(r-l) - (r-l) - 1] = 1 - e^(r-l)
          }
          loss += weight * klBeta * kl;
          klSum += kl;
          ratioSum += rho;
          tokens++;
          coef[t] = weight * dLdl;
        }
        PlackettLuceGradient.addScoreGradient(order, scores, temperature, coef, gradScores);
      }
      PlackettLuceGradient.addWeightGradient(g.features(), gradScores, grad);
    }
    return new Result(loss, grad, klSum / Math.max(1, tokens), clipped / (double) Math.max(1, tokens),
        ratioSum / Math.max(1, tokens));
  }

  public double clipEpsilon() {
    return clipEpsilon;
  }

  public double klBeta() {
    return klBeta;
  }

  public double temperature() {
    return temperature;
  }

  private static double clamp(double v, double bound) {
    return Math.max(-bound, Math.min(bound, v));
  }
}
