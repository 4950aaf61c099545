package io.starec.core.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.core.policy.Feature;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningTest {

  @TempDir
  Path dir;

  @Test
  void listwiseGradientMatchesFiniteDifferences() {
    List<RankingContext> batch = LearnFixtures.contexts(5, 20, 0.5, 1);
    double[] w = LearnFixtures.randomWeights(new Random(2));
    double[] g = ListwiseSoftmax.evaluate(batch, w, 0.01).gradient();
    for (int k = 0; k < w.length; k++) {
      double h = 1e-6;
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += h;
      down[k] -= h;
      double fd = (ListwiseSoftmax.evaluate(batch, up, 0.01).loss() - ListwiseSoftmax.evaluate(batch, down, 0.01)
          .loss()) / (2 * h);
      assertThat(g[k]).isCloseTo(fd, within(1e-6));
    }
  }

  @Test
  void sftAnchoringLearnsTheInformativeFeature() {
    // Given contexts where only feature 0 marks the chosen item
    List<RankingContext> train = LearnFixtures.contexts(400, 20, 0.6, 3);
    List<RankingContext> test = LearnFixtures.contexts(200, 20, 0.6, 4);
    double[] zero = new double[Feature.count()];
    // When the scorer is anchored
    SftAnchoring.Fit fit = SftAnchoring.fit(train, zero, SftAnchoring.Config.defaults());
    // Then feature 0 gets the largest weight and ranking quality on new contexts rises far above chance
    double[] w = fit.weights();
    for (int k = 1; k < w.length; k++) {
      assertThat(w[0]).isGreaterThan(Math.abs(w[k]));
    }
    assertThat(LearnFixtures.meanGreedyNdcg(test, w)).isGreaterThan(LearnFixtures.meanGreedyNdcg(test, zero) + 0.2);
    assertThat(fit.epochLosses().get(fit.epochLosses().size() - 1)).isLessThan(fit.epochLosses().get(0));
  }

  @Test
  void aFeatureThatIsAlwaysZeroKeepsItsStartingWeight() {
    List<RankingContext> train = LearnFixtures.contexts(100, 20, 0.6, 11);
    int last = Feature.count() - 1;
    for (RankingContext c : train) {
      for (double[] row : c.features()) {
        row[last] = 0.0;
      }
    }
    double[] start = new double[Feature.count()];
    start[last] = 1.5;
    assertThat(SftAnchoring.fit(train, start, SftAnchoring.Config.defaults()).weights()[last]).isEqualTo(1.5);
  }

  @Test
  void grpoImprovesTheExpectedRewardFromAWeakStart() {
    List<RankingContext> train = LearnFixtures.contexts(256, 20, 0.6, 5);
    List<RankingContext> test = LearnFixtures.contexts(200, 20, 0.6, 6);
    // a start that ranks by noise: feature 0 (the informative one) weighs nothing
    double[] start = new double[Feature.count()];
    Random random = new Random(9);
    for (int k = 1; k < start.length; k++) {
      start[k] = 0.5 * random.nextGaussian();
    }
    GrpoTrainer trainer = new GrpoTrainer(GrpoTrainer.Config.defaults(), start, start, new Adam(0.05, start.length), 0);
    double before = LearnFixtures.meanGreedyNdcg(test, trainer.weights());
    double firstReward = 0;
    double lastReward = 0;
    for (int u = 0; u < 40; u++) {
      List<RankingContext> batch = train.subList((u * 64) % 256, (u * 64) % 256 + 64);
      GrpoTrainer.UpdateStats s = trainer.update(batch);
      if (u < 5) {
        firstReward += s.meanReward() / 5;
      }
      if (u >= 35) {
        lastReward += s.meanReward() / 5;
      }
    }
    assertThat(trainer.step()).isEqualTo(40);
    assertThat(lastReward).isGreaterThan(firstReward + 0.1);
    assertThat(LearnFixtures.meanGreedyNdcg(test, trainer.weights())).isGreaterThan(before);
  }

  @Test
  void aCheckpointRestoresTheLearnerExactly() throws Exception {
    List<RankingContext> train = LearnFixtures.contexts(64, 20, 0.6, 8);
    double[] start = new double[Feature.count()];
    GrpoTrainer a = new GrpoTrainer(GrpoTrainer.Config.defaults(), start, start, new Adam(0.05, start.length), 0);
    a.update(train);
    Path file = dir.resolve("ckpt.json");
    LearnerCheckpoint.of(a, 1).write(file);
    LearnerCheckpoint c = LearnerCheckpoint.read(file).orElseThrow();
    GrpoTrainer b = new GrpoTrainer(GrpoTrainer.Config.defaults(), c.weights(), c.reference(), c.adam(), c.step());
    a.update(train);
    b.update(train);
    assertThat(b.weights()).containsExactly(a.weights());
    assertThat(b.step()).isEqualTo(2);
    assertThat(c.version()).isEqualTo(1);
  }
}
