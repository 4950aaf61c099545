package io.starec.research.eval;

import java.util.List;

/**
 * One method under one seed.
 *
 * @param ndcg NDCG@K in percent, for K in {@link io.starec.core.metric.Cutoffs#PAPER}
 * @param parseFailures users whose ranking was a repaired parse (or not a permutation of the candidates)
 * @param degraded users answered by a fallback
 */
public record SeedResult(long seed, List<Double> ndcg, int users, int parseFailures, int degraded, long wallMs) {

  public SeedResult {
    ndcg = List.copyOf(ndcg);
  }
}
