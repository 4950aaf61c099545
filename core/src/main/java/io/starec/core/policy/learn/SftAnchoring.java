package io.starec.core.policy.learn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Fits the scorer weights by mini-batch Adam on {@link ListwiseSoftmax}: the anchored policy the GRPO learner
 * starts from and is KL-regularised towards.
 */
public final class SftAnchoring {

  /** Settings; the defaults fit 1,000 ML-1M contexts in well under a second. */
  public record Config(int epochs, int batchSize, double learningRate, double l2, long seed) {

    public static Config defaults() {
      return new Config(30, 64, 0.05, 1e-4, 7L);
    }
  }

  /** Weights after each epoch's loss, for logs. */
  public record Fit(double[] weights, List<Double> epochLosses) {}

  private SftAnchoring() {}

  /**
   * Fits from {@code start}. A feature that is 0 in every context (e.g. description similarity offline, where no
   * reflection wrote a description) carries no evidence: it keeps its starting weight instead of being shrunk
   * to 0 by the L2 term, so the anchored policy still uses it when it appears live.
   */
  public static Fit fit(List<RankingContext> contexts, double[] start, Config cfg) {
    double[] w = start.clone();
    Adam adam = new Adam(cfg.learningRate(), w.length);
    boolean[] active = new boolean[w.length];
    for (RankingContext c : contexts) {
      for (double[] row : c.features()) {
        for (int k = 0; k < w.length; k++) {
          active[k] |= row[k] != 0.0;
        }
      }
    }
    List<RankingContext> order = new ArrayList<>(contexts);
    Random random = new Random(cfg.seed());
    List<Double> losses = new ArrayList<>();
    for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
      Collections.shuffle(order, random);
      for (int from = 0; from < order.size(); from += cfg.batchSize()) {
        List<RankingContext> batch = order.subList(from, Math.min(order.size(), from + cfg.batchSize()));
        double[] g = ListwiseSoftmax.evaluate(batch, w, cfg.l2()).gradient();
        for (int k = 0; k < g.length; k++) {
          if (!active[k]) {
            g[k] = 0;
          }
        }
        adam.step(w, g);
      }
      losses.add(ListwiseSoftmax.evaluate(contexts, w, cfg.l2()).loss());
    }
    return new Fit(w, losses);
  }
}
