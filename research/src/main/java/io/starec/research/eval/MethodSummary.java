package io.starec.research.eval;

import java.util.List;

/**
 * One method over all seeds: NDCG@K in percent averaged over users and seeds.
 *
 * @param ndcg for K in {@link io.starec.core.metric.Cutoffs#PAPER}; empty when the method failed
 * @param users test users per seed
 * @param wallMs training plus ranking time, all seeds
 * @param error why the method failed, null when it ran
 */
public record MethodSummary(
    String method,
    List<Double> ndcg,
    int users,
    int seeds,
    double parseFailureRate,
    double degradedRate,
    long wallMs,
    List<SeedResult> perSeed,
    String error) {

  public MethodSummary {
    ndcg = List.copyOf(ndcg);
    perSeed = List.copyOf(perSeed);
  }

  public boolean failed() {
    return error != null;
  }
}
