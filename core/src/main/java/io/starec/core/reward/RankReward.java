package io.starec.core.reward;

import java.util.OptionalInt;

/**
 * The paper's rank reward (section 4.2.2): how high the positive item was ranked.
 * rank 1 -> +1.0; 2-5 -> +0.5; 6-10 -> 0.0; 11-20 -> -0.5; absent or below 20 -> -1.0.
 */
public final class RankReward {

  public static final double FIRST = 1.0;
  public static final double TOP_5 = 0.5;
  public static final double TOP_10 = 0.0;
  public static final double TOP_20 = -0.5;
  public static final double MISS = -1.0;

  private RankReward() {}

  /** @param rank 1-based rank of the positive item; values below 1 mean "not ranked". */
  public static double of(int rank) {
    if (rank < 1) {
      return MISS;
    }
    if (rank == 1) {
      return FIRST;
    }
    if (rank <= 5) {
      return TOP_5;
    }
    if (rank <= 10) {
      return TOP_10;
    }
    if (rank <= 20) {
      return TOP_20;
    }
    return MISS;
  }

  public static double of(OptionalInt rank) {
    return rank.isPresent() ? of(rank.getAsInt()) : MISS;
  }
}
