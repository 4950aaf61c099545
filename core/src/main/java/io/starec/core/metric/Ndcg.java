package io.starec.core.metric;

import java.util.List;
import java.util.OptionalInt;

/**
 * NDCG@K with a single relevant item (the paper's leave-one-out protocol, as in RecBole):
 * 1/log2(rank+1) when rank <= K, else 0. IDCG is 1 because the ideal ranking puts the item first.
 */
public final class Ndcg {

  private static final double LN2 = Math.log(2);

  private Ndcg() {}

  /** @param rank 1-based rank of the relevant item; values below 1 mean "not ranked". */
  public static double atK(int rank, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
    if (rank < 1 || rank > k) {
      return 0.0;
    }
    return LN2 / Math.log(rank + 1.0);
  }

  public static double atK(OptionalInt rank, int k) {
    return rank.isPresent() ? atK(rank.getAsInt(), k) : 0.0;
  }

  /** 1-based rank of {@code item} in {@code ranking}, empty when absent. */
  public static <T> OptionalInt rankOf(List<T> ranking, T item) {
    int index = ranking.indexOf(item);
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
  }
}
