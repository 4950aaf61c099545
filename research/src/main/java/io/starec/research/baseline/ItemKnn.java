package io.starec.research.baseline;

import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.TrainingData;
import io.starec.research.protocol.TrainingScope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ItemKNN: item-item cosine similarity on binary co-occurrence (users who interacted with both
 * items, over the square root of the product of the items' user counts); a candidate scores the
 * sum of its similarities to the distinct items of the user's history (itself excluded: a
 * repeated item would otherwise score a free 1). No neighbourhood truncation.
 *
 * <p>Each item keeps its users as a bitset, so the memory is items x users / 8 bytes (ML-1M:
 * ~3.7k x 3k users, under 2 MB); similarities are computed on demand, only for the
 * (candidate, history item) pairs a ranking needs.
 */
public final class ItemKnn implements RankingMethod {

  private final EvalData data;
  private final long[][] usersOf;
  private final double[] norm;

  private ItemKnn(EvalData data, long[][] usersOf, double[] norm) {
    this.data = data;
    this.usersOf = usersOf;
    this.norm = norm;
  }

  public static ItemKnn fit(EvalData data, TrainingScope scope) {
    return fit(data, data.training(scope));
  }

  public static ItemKnn fit(EvalData data, TrainingData training) {
    int words = (training.numUsers() + 63) >>> 6;
    long[][] usersOf = new long[training.numItems()][words];
    for (int u = 0; u < training.numUsers(); u++) {
      for (int item : training.items(u)) {
        usersOf[item][u >>> 6] |= 1L << (u & 63);
      }
    }
    double[] norm = new double[training.numItems()];
    for (int i = 0; i < norm.length; i++) {
      long count = 0;
      for (long w : usersOf[i]) {
        count += Long.bitCount(w);
      }
      norm[i] = Math.sqrt(count);
    }
    return new ItemKnn(data, usersOf, norm);
  }

  /** Cosine similarity of two items by index. */
  public double similarity(int a, int b) {
    if (norm[a] == 0 || norm[b] == 0) {
      return 0;
    }
    long[] x = usersOf[a];
    long[] y = usersOf[b];
    long common = 0;
    for (int w = 0; w < x.length; w++) {
      common += Long.bitCount(x[w] & y[w]);
    }
    return common / (norm[a] * norm[b]);
  }

  @Override
  public List<String> rank(EvalUser user) {
    Set<Integer> history = new LinkedHashSet<>();
    for (String itemId : user.historyItemIds()) {
      int item = data.itemIndex(itemId);
      if (item >= 0) {
        history.add(item);
      }
    }
    List<String> candidates = user.candidates();
    double[] scores = new double[candidates.size()];
    for (int c = 0; c < scores.length; c++) {
      int item = data.itemIndex(candidates.get(c));
      double s = 0;
      if (item >= 0) {
        for (int h : history) {
          if (h != item) {
            s += similarity(item, h);
          }
        }
      }
      scores[c] = s;
    }
    return ScoreRanking.byScore(candidates, scores);
  }
}
