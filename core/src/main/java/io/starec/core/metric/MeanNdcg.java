package io.starec.core.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The mean {@link Ndcg} of many rankings (each with one relevant item) at every K of a set of {@link Cutoffs}: a
 * sum per cut-off and the number of rankings added. Accumulators over the same cut-offs merge by adding sums and
 * counts, so seeds or shards pool into the mean of all their rankings, never a mean of means. An empty
 * accumulator's means are 0. Not thread-safe.
 */
public final class MeanNdcg {

  private final Cutoffs cutoffs;
  private final Ndcg[] metrics;
  private final double[] sums;
  private long count;

  public MeanNdcg(Cutoffs cutoffs) {
    this.cutoffs = cutoffs;
    this.metrics = new Ndcg[cutoffs.size()];
    for (int i = 0; i < metrics.length; i++) {
      metrics[i] = new Ndcg(cutoffs.get(i));
    }
    this.sums = new double[cutoffs.size()];
  }

  /** Adds one ranking by the 1-based rank of its relevant item; below 1 means "not ranked". */
  public void add(int rank) {
    for (int i = 0; i < metrics.length; i++) {
      sums[i] += metrics[i].ofRank(rank);
    }
    count++;
  }

  /** Adds one ranking by the rank of its relevant item, empty when it was not ranked. */
  public void add(OptionalInt rank) {
    add(rank.orElse(0));
  }

  /** Adds {@code ranking} (best first) whose relevant item is {@code positive}. */
  public <T> void add(List<T> ranking, T positive) {
    add(Ndcg.rankOf(ranking, positive));
  }

  /** Adds every ranking {@code other} holds; both must have the same cut-offs. */
  public void merge(MeanNdcg other) {
    if (!cutoffs.equals(other.cutoffs)) {
      throw new IllegalArgumentException("cannot merge cut-offs " + other.cutoffs + " into " + cutoffs);
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += other.sums[i];
    }
    count += other.count;
  }

  public Cutoffs cutoffs() {
    return cutoffs;
  }

  /** Rankings added. */
  public long count() {
    return count;
  }

  /** Mean NDCG@k (0..1); {@code k} must be one of the cut-offs. */
  public double mean(int k) {
    int i = cutoffs.indexOf(k);
    return count == 0 ? 0.0 : sums[i] / count;
  }

  /** Mean NDCG@K in percent, for each K in cut-off order. */
  public List<Double> percents() {
    List<Double> out = new ArrayList<>(sums.length);
    for (double s : sums) {
      out.add(count == 0 ? 0.0 : 100.0 * s / count);
    }
    return out;
  }
}
