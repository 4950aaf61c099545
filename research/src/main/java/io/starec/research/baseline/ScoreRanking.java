package io.starec.research.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns candidate scores into a ranking. */
public final class ScoreRanking {

  private ScoreRanking() {}

  /**
   * Candidates by descending score. Ties keep the candidate order, which the protocol shuffles per
   * (seed, user), so a tie never favours the target.
   */
  public static List<String> byScore(List<String> candidates, double[] scores) {
    if (scores.length != candidates.size()) {
      throw new IllegalArgumentException("one score per candidate expected");
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a])); // stable
    List<String> out = new ArrayList<>(order.length);
    for (int i : order) {
      out.add(candidates.get(i));
    }
    return out;
  }
}
