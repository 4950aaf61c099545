package io.starec.core.policy.learn;

import io.starec.core.policy.PlackettLuce;
import io.starec.core.reward.RankReward;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded GRPO learner on simulated rollouts: for each context, G rankings are sampled from the current
 * policy (Gumbel top-k = exact Plackett-Luce sampling at the temperature), rewarded with the paper's rank
 * reward, normalised into group-relative advantages (VeRL's sample std), and the clipped objective with the
 * KL penalty to the anchored reference is descended by Adam in {@code miniBatches} steps per update (VeRL's
 * ppo_mini_batch: later mini-batches are slightly off-policy, which is what the clipping is for). Groups whose
 * rewards are all equal carry no signal and are left out, as in the trainer.
 */
public final class GrpoTrainer {

  /** Settings; defaults follow the paper (G 8, eps 0.2, beta 1e-3) with a learning rate for a 10-weight model. */
  public record Config(int groupSize, double temperature, int miniBatches, int ppoEpochs, double clipEpsilon,
                       double klBeta) {

    public static Config defaults() {
      return new Config(8, 1.0, 4, 1, 0.2, 1e-3);
    }
  }

  /** What one update did. */
  public record UpdateStats(long step, int groups, int skippedZeroVariance, double meanReward, double loss,
                            double meanKl, double clipFraction, long rollouts) {}

  private final Config cfg;
  private final double[] weights;
  private final double[] reference;
  private final Adam adam;
  private final GrpoObjective objective;
  private long step;

  public GrpoTrainer(Config cfg, double[] weights, double[] reference, Adam adam, long step) {
    this.cfg = cfg;
    this.weights = weights.clone();
    this.reference = reference.clone();
    this.adam = adam;
    this.objective = new GrpoObjective(cfg.clipEpsilon(), cfg.klBeta(), cfg.temperature());
    this.step = step;
  }

  /** One GRPO update (one new policy version) on a batch of contexts. */
  public UpdateStats update(List<RankingContext> batch) {
    double[] old = weights.clone();
    List<GrpoGroupBatch> groups = new ArrayList<>();
    int skipped = 0;
    double rewardSum = 0;
    long rollouts = 0;
    for (RankingContext c : batch) {
      double[] scores = Scoring.scores(c.features(), old);
      int[][] orders = new int[cfg.groupSize()][];
      double[] rewards = new double[cfg.groupSize()];
      for (int r = 0; r < cfg.groupSize(); r++) {
        orders[r] = PlackettLuce.sample(scores, cfg.temperature(), PlackettLuce.seed(null, c.id() + "#" + step, r));
        rewards[r] = RankReward.of(rankOf(orders[r], c.positive()));
        rewardSum += rewards[r];
        rollouts++;
      }
      if (GroupAdvantages.allEqual(rewards)) {
        skipped++;
        continue;
      }
      groups.add(GrpoGroupBatch.of(c.features(), orders, GroupAdvantages.compute(rewards), old, reference,
          cfg.temperature()));
    }
    UpdateStats stats = optimise(groups, skipped, rewardSum / Math.max(1, rollouts), rollouts);
    return stats;
  }

  /** GRPO steps on groups that were sampled elsewhere (the live feed): one update. */
  public UpdateStats update(List<GrpoGroupBatch> groups, double meanReward, long rollouts) {
    return optimise(groups, 0, meanReward, rollouts);
  }

  private UpdateStats optimise(List<GrpoGroupBatch> groups, int skipped, double meanReward, long rollouts) {
    step++;
    GrpoObjective.Result last = new GrpoObjective.Result(0, new double[weights.length], 0, 0, 1);
    if (!groups.isEmpty()) {
      int miniBatches = Math.max(1, Math.min(cfg.miniBatches(), groups.size()));
      for (int epoch = 0; epoch < cfg.ppoEpochs(); epoch++) {
        for (int mb = 0; mb < miniBatches; mb++) {
          int from = mb * groups.size() / miniBatches;
          int to = (mb + 1) * groups.size() / miniBatches;
          last = objective.evaluate(groups.subList(from, to), weights);
          adam.step(weights, last.gradient());
        }
      }
    }
    return new UpdateStats(step, groups.size(), skipped, meanReward, last.loss(), last.meanKl(),
        last.clipFraction(), rollouts);
  }

  /** 1-based rank of the candidate index in the order. */
  public static int rankOf(int[] order, int candidate) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] == candidate) {
        return i + 1;
      }
    }
    return 0;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double[] reference() {
    return reference.clone();
  }

  public Adam adam() {
    return adam;
  }

  public long step() {
    return step;
  }

  public Config config() {
    return cfg;
  }
}
