package io.starec.core.policy.learn;

/**
 * A candidate set as the learner sees it: one feature row per candidate ({@link io.starec.core.policy.Feature}
 * order) and the index of the item the user actually chose next.
 */
public record RankingContext(String id, double[][] features, int positive) {

  public RankingContext {
    if (positive < 0 || positive >= features.length) {
      throw new IllegalArgumentException("positive index " + positive + " outside 0.." + (features.length - 1));
    }
  }

  public int size() {
    return features.length;
  }
}
