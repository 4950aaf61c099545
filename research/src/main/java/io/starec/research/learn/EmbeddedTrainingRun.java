package io.starec.research.learn;

import io.starec.core.policy.learn.Adam;
import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.core.policy.learn.RankingContext;
import io.starec.core.policy.learn.Scoring;
import io.starec.core.policy.learn.SftAnchoring;

import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.core.policy.CachingTextEmbedder;
import io.starec.core.policy.FeatureExtractor;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.PlackettLuce;
import io.starec.core.policy.TextEmbedder;
import io.starec.core.metric.Cutoffs;
import io.starec.core.metric.MeanNdcg;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Evidence of learning for the embedded policy, offline: features of 1,000 training users (several negative
 * draws each) and of the test users are computed the way stream-app and the gateway compute them
 * ({@link OfflineFeatures}); the scorer is then taken through the paper's two stages: SFT anchoring
 * ({@link SftAnchoring}) and GRPO ({@link GrpoTrainer}, KL to the anchored weights). The three weight sets
 * (untrained = the hand-set defaults, anchored, GRPO) are ranked greedily (temperature 0, as served) on the
 * test users; NDCG@10 on the first seed's test cases is recorded every {@code evalEvery} updates.
 */
public final class EmbeddedTrainingRun {

  /** Settings of one run. */
  public record Settings(int trainDraws, int negatives, SftAnchoring.Config sft, GrpoTrainer.Config grpo,
                         double grpoLearningRate, int updates, int batchContexts, int evalEvery, long seed) {

    public static Settings defaults() {
      return new Settings(4, 19, SftAnchoring.Config.defaults(), GrpoTrainer.Config.defaults(), 0.01, 200, 64, 10,
          0L);
    }
  }

  /**
   * After {@code update} GRPO updates: greedy NDCG@10 (0..1, as served) and the expected rank reward of the
   * sampling policy (what GRPO maximises) on the curve's test cases, and the update's KL to the reference.
   */
  public record CurvePoint(long update, double testNdcg10, double testSampledReward, double meanKl) {}

  /** The three weight sets and what the run measured. */
  public record Result(double[] untrained, double[] anchored, double[] grpo, List<CurvePoint> curve,
                       double[] grpoWithoutSft, List<CurvePoint> curveWithoutSft,
                       List<Double> sftLosses, int trainContexts, long rollouts, double grpoSeconds,
                       double featureSeconds) {

    /** GRPO rollouts (simulated reward records) per second of optimisation. */
    public double rolloutsPerSecond() {
      return rollouts / Math.max(1e-9, grpoSeconds);
    }
  }

  private final EvalData data;
  private final FeatureExtractor extractor;
  private final OfflineFeatures features;
  private final Map<String, RankingContext> testContexts = new HashMap<>();

  public EmbeddedTrainingRun(EvalData data, TextEmbedder embedder) {
    this.data = data;
    this.extractor = new FeatureExtractor(new CachingTextEmbedder(embedder, 200_000));
    this.features = OfflineFeatures.of(data);
  }

  public OfflineFeatures features() {
    return features;
  }

  /** The features of a test case (computed once per seed and user). */
  public RankingContext testContext(EvalUser user) {
    return testContexts.computeIfAbsent(user.userId() + "@" + user.seed(),
        k -> features.testContext(user, extractor));
  }

  /** Candidate ids of a test case, best first under {@code weights} (greedy, as served at temperature 0). */
  public List<String> rank(EvalUser user, double[] weights) {
    RankingContext c = testContext(user);
    int[] order = PlackettLuce.greedy(Scoring.scores(c.features(), weights));
    List<String> out = new ArrayList<>(order.length);
    for (int i : order) {
      out.add(user.candidates().get(i));
    }
    return out;
  }

  public Result run(Settings s, List<EvalUser> curveCases, Consumer<String> log) {
    long t0 = System.nanoTime();
    List<RankingContext> train = new ArrayList<>();
    for (int d = 0; d < s.trainDraws(); d++) {
      train.addAll(features.trainingContexts(s.seed() * 1_000 + d, s.negatives(), extractor));
    }
    List<RankingContext> curve = new ArrayList<>();
    for (EvalUser u : curveCases) {
      curve.add(testContext(u));
    }
    double featureSeconds = (System.nanoTime() - t0) / 1e9;
    log.accept(String.format("features: %d training contexts, %d test contexts, %d events replayed (%.1f s)",
        train.size(), curve.size(), features.eventsReplayed(), featureSeconds));

    double[] untrained = LinearScorer.defaults().weights();
    SftAnchoring.Fit fit = SftAnchoring.fit(train, untrained, s.sft());
    double[] anchored = fit.weights();
    log.accept(String.format("SFT anchoring: listwise loss %.4f -> %.4f; test NDCG@10 %.4f -> %.4f",
        fit.epochLosses().get(0), fit.epochLosses().get(fit.epochLosses().size() - 1), ndcg10(curve, untrained),
        ndcg10(curve, anchored)));

    long[] rollouts = new long[1];
    long[] nanos = new long[1];
    List<CurvePoint> points = new ArrayList<>();
    double[] grpo = grpo("GRPO", anchored, train, curve, s, points, rollouts, nanos, log);
    // the same GRPO from the untrained weights (reference = untrained): does RL alone learn?
    List<CurvePoint> pointsWithoutSft = new ArrayList<>();
    double[] grpoWithoutSft = grpo("GRPO without SFT", untrained, train, curve, s, pointsWithoutSft, new long[1],
        new long[1], log);
    return new Result(untrained, anchored, grpo, points, grpoWithoutSft, pointsWithoutSft, fit.epochLosses(),
        train.size(), rollouts[0], nanos[0] / 1e9, featureSeconds);
  }

  private double[] grpo(String label, double[] start, List<RankingContext> train, List<RankingContext> curve,
                        Settings s, List<CurvePoint> points, long[] rollouts, long[] nanos, Consumer<String> log) {
    GrpoTrainer trainer = new GrpoTrainer(s.grpo(), start, start, new Adam(s.grpoLearningRate(), start.length), 0);
    points.add(new CurvePoint(0, ndcg10(curve, start), sampledReward(curve, start, s.grpo().temperature()), 0));
    List<RankingContext> shuffled = new ArrayList<>(train);
    Random random = new Random(s.seed());
    Collections.shuffle(shuffled, random);
    int cursor = 0;
    for (int u = 1; u <= s.updates(); u++) {
      if (cursor + s.batchContexts() > shuffled.size()) {
        Collections.shuffle(shuffled, random);
        cursor = 0;
      }
      List<RankingContext> batch = shuffled.subList(cursor, cursor + Math.min(s.batchContexts(), shuffled.size()));
      cursor += batch.size();
      long u0 = System.nanoTime();
      GrpoTrainer.UpdateStats st = trainer.update(batch);
      nanos[0] += System.nanoTime() - u0;
      rollouts[0] += st.rollouts();
      if (u % s.evalEvery() == 0 || u == s.updates()) {
        double[] w = trainer.weights();
        CurvePoint p = new CurvePoint(u, ndcg10(curve, w), sampledReward(curve, w, s.grpo().temperature()),
            st.meanKl());
        points.add(p);
        log.accept(String.format("%s update %d: batch reward %.3f, KL %.4f, clip %.3f; test: NDCG@10 %.4f,"
            + " sampled reward %.3f", label, u, st.meanReward(), st.meanKl(), st.clipFraction(), p.testNdcg10(),
            p.testSampledReward()));
      }
    }
    return trainer.weights();
  }

  /** Expected rank reward of the Plackett-Luce policy at {@code temperature}, 8 fixed-seed samples per context. */
  public static double sampledReward(List<RankingContext> contexts, double[] weights, double temperature) {
    double sum = 0;
    int n = 0;
    for (RankingContext c : contexts) {
      double[] scores = Scoring.scores(c.features(), weights);
      for (int r = 0; r < 8; r++) {
        int[] order = PlackettLuce.sample(scores, temperature, PlackettLuce.seed(null, c.id(), r));
        sum += io.starec.core.reward.RankReward.of(GrpoTrainer.rankOf(order, c.positive()));
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Mean NDCG@10 (0..1) of greedy rankings. */
  public static double ndcg10(List<RankingContext> contexts, double[] weights) {
    MeanNdcg ndcg = new MeanNdcg(Cutoffs.of(10));
    for (RankingContext c : contexts) {
      int[] order = PlackettLuce.greedy(Scoring.scores(c.features(), weights));
      ndcg.add(GrpoTrainer.rankOf(order, c.positive()));
    }
    return ndcg.mean(10);
  }
}
