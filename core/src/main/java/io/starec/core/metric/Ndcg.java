package io.starec.core.metric;

import java.util.List;
import java.util.OptionalInt;

/**
 * NDCG@K of one ranking with a single relevant item (the paper's leave-one-out protocol, as in RecBole):
 * 1/log2(rank+1) when rank <= K, else 0. IDCG is 1 because the ideal ranking puts the item first.
 *
 * @param k the cut-off, at least 1
 */
public record Ndcg(int k) {

  /** The cut-off of a reward record's {@code ndcgAt10} and of the SFT screen's threshold. */
  public static final Ndcg AT_10 = new Ndcg(10);

  private static final double LN2 = Math.log(2);

  public Ndcg {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, was " + k);
    }
  }

  /** @param rank 1-based rank of the relevant item; values below 1 mean "not ranked". */
  public double ofRank(int rank) {
    if (rank < 1 || rank > k) {
      return 0.0;
    }
    return LN2 / Math.log(rank + 1.0);
  }

  /** @param rank 1-based rank of the relevant item, empty when it was not ranked */
  public double ofRank(OptionalInt rank) {
    return rank.isPresent() ? ofRank(rank.getAsInt()) : 0.0;
  }

  /** NDCG@K of {@code ranking} (best first) whose relevant item is {@code positive}; 0 when it is absent. */
  public <T> double of(List<T> ranking, T positive) {
    return ofRank(rankOf(ranking, positive));
  }

  /** 1-based rank of {@code item} in {@code ranking}, empty when absent. */
  public static <T> OptionalInt rankOf(List<T> ranking, T item) {
    int index = ranking.indexOf(item);
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index + 1);
  }
}
