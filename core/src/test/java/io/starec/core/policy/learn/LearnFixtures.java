package io.starec.core.policy.learn;

import io.starec.core.metric.Cutoffs;
import io.starec.core.metric.MeanNdcg;
import io.starec.core.policy.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic contexts where feature 0 (noisily) marks the chosen item. */
final class LearnFixtures {

  private LearnFixtures() {}

  static double[][] randomFeatures(Random r, int n) {
    double[][] x = new double[n][Feature.count()];
    for (double[] row : x) {
      for (int k = 0; k < row.length; k++) {
        row[k] = r.nextDouble();
      }
    }
    return x;
  }

  static double[] randomWeights(Random r) {
    double[] w = new double[Feature.count()];
    for (int k = 0; k < w.length; k++) {
      w[k] = r.nextGaussian();
    }
    return w;
  }

  /** The positive has feature 0 raised by {@code signal}; other features are noise. */
  static List<RankingContext> contexts(int count, int n, double signal, long seed) {
    Random r = new Random(seed);
    List<RankingContext> out = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      double[][] x = randomFeatures(r, n);
      int pos = r.nextInt(n);
      x[pos][0] = Math.min(1.0, x[pos][0] + signal);
      out.add(new RankingContext("c" + c, x, pos));
    }
    return out;
  }

  static double meanGreedyNdcg(List<RankingContext> contexts, double[] w) {
    MeanNdcg ndcg = new MeanNdcg(Cutoffs.of(10));
    for (RankingContext c : contexts) {
      int[] order = io.starec.core.policy.PlackettLuce.greedy(Scoring.scores(c.features(), w));
      ndcg.add(GrpoTrainer.rankOf(order, c.positive()));
    }
    return ndcg.mean(10);
  }
}
