package io.starec.core.policy.learn;

/**
 * One GRPO group for the embedded policy: a candidate set (feature rows), G sampled rankings with their
 * group-relative advantages, and, per ranking position, the log-probability under the policy that sampled it
 * ({@code pi_old}) and under the anchored reference ({@code pi_ref}). Both are fixed while the current policy
 * is optimised.
 */
public record GrpoGroupBatch(double[][] features, int[][] orders, double[] advantages, double[][] oldLogProbs,
                             double[][] refLogProbs) {

  public GrpoGroupBatch {
    int g = orders.length;
    if (advantages.length != g || oldLogProbs.length != g || refLogProbs.length != g) {
      throw new IllegalArgumentException("orders, advantages and log-probabilities must have one entry per rollout");
    }
    for (int i = 0; i < g; i++) {
      if (orders[i].length != features.length || oldLogProbs[i].length != features.length
          || refLogProbs[i].length != features.length) {
        throw new IllegalArgumentException("rollout " + i + " is not a full ranking of the candidates");
      }
    }
  }

  /** A group whose old and reference log-probabilities are computed from the given scorer weights. */
  public static GrpoGroupBatch of(double[][] features, int[][] orders, double[] advantages, double[] oldWeights,
                                  double[] refWeights, double temperature) {
    double[] oldScores = Scoring.scores(features, oldWeights);
    double[] refScores = Scoring.scores(features, refWeights);
    double[][] oldLp = new double[orders.length][];
    double[][] refLp = new double[orders.length][];
    for (int i = 0; i < orders.length; i++) {
      oldLp[i] = PlackettLuceGradient.positionLogProbs(orders[i], oldScores, temperature);
      refLp[i] = PlackettLuceGradient.positionLogProbs(orders[i], refScores, temperature);
    }
    return new GrpoGroupBatch(features, orders, advantages, oldLp, refLp);
  }

  public int size() {
    return orders.length;
  }
}
