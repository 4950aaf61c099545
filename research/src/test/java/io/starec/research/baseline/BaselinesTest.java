package io.starec.research.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.Rating;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.research.protocol.EvalData;
import io.starec.research.eval.EvalHarness;
import io.starec.research.eval.EvalMethods;
import io.starec.research.eval.EvalOptions;
import io.starec.research.eval.EvalReport;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.ProtocolConfig;
import io.starec.research.protocol.TestData;
import io.starec.research.protocol.TrainingData;
import io.starec.research.protocol.TrainingScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTest {

  @TempDir static Path dir;
  static EvalData planted;

  @BeforeAll
  static void plantedStructure() {
    // 600 users in taste groups, 300 movies, 40 ratings each: collaborative and genre signal
    SyntheticMovieLens.write(dir, 42, 600, 300, 40);
    planted = EvalData.prepare(Datasets.load("ml-1m", dir), ProtocolConfig.paper().withUsers(200, 200));
  }

  private static EvalReport evaluate(String... methods) {
    return EvalHarness.run(planted,
        java.util.Arrays.stream(methods).map(m -> EvalMethods.create(m, EvalOptions.defaults().withBpr(
            io.starec.research.baseline.BprMf.Config.defaults().withEpochs(25)), List.of())).toList(),
        List.of(0L, 1L), null);
  }

  private static double ndcg10(EvalReport report, String method) {
    return report.methods().stream().filter(m -> m.method().equals(method)).findFirst().orElseThrow().ndcg().get(2);
  }

  @Test
  void popRanksTheMostPopularCandidateFirst() {
    // Given item "hit" rated by every user, "mid" by half of them, "cold" by one
    List<Rating> ratings = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      ratings.add(new Rating("u" + u, "hit", 4.0, 1));
      if (u % 2 == 0) {
        ratings.add(new Rating("u" + u, "mid", 4.0, 2));
      }
      for (int k = 0; k < 25; k++) {
        ratings.add(new Rating("u" + u, "f" + ((u + k) % 40), 4.0, 10 + k));
      }
    }
    ratings.add(new Rating("u0", "cold", 4.0, 100));
    EvalData data = EvalData.prepare(TestData.of("t", ratings), ProtocolConfig.paper().withMinInteractions(0).withUsers(5, 5));
    Popularity pop = Popularity.fit(data, TrainingScope.FULL);

    // When ranking a candidate list holding them in reverse order
    EvalUser user = new EvalUser("u1", List.of(), new Rating("u1", "cold", null, 0), List.of("cold", "mid", "hit"), 0);

    // Then popularity decides
    assertThat(pop.rank(user)).containsExactly("hit", "mid", "cold");
    assertThat(pop.count("hit")).isEqualTo(30);
  }

  @Test
  void tiesKeepTheShuffledCandidateOrder() {
    assertThat(ScoreRanking.byScore(List.of("a", "b", "c", "d"), new double[] {1, 2, 1, 2}))
        .containsExactly("b", "d", "a", "c");
  }

  @Test
  void methodsBeatRandomOnPlantedStructure() {
    EvalReport report = evaluate("random", "pop", "bpr", "bpr_full", "itemknn");
    double random = ndcg10(report, "random");
    // random expectation for 20 candidates: NDCG@10 ~ 22.7%
    assertThat(random).isBetween(15.0, 30.0);
    // popularity is a weak signal here (users keep to their genres); the learned ones are strong
    assertThat(ndcg10(report, "pop")).isGreaterThan(random + 5);
    assertThat(ndcg10(report, "bpr")).isGreaterThan(random + 20);
    assertThat(ndcg10(report, "bpr_full")).isGreaterThan(random + 20);
    assertThat(ndcg10(report, "itemknn")).isGreaterThan(random + 20);
  }

  @Test
  void bprIsDeterministicPerSeedAndItsLossFalls() {
    BprMf.Config config = BprMf.Config.defaults().withEpochs(10);
    BprMf a = BprMf.train(planted, TrainingScope.SAMPLE, config, 3);
    BprMf b = BprMf.train(planted, TrainingScope.SAMPLE, config, 3);
    EvalUser user = planted.testCases(0).get(0);
    assertThat(a.rank(user)).isEqualTo(b.rank(user));
    assertThat(a.score(0, 0)).isEqualTo(b.score(0, 0));
    double[] loss = a.epochLoss();
    assertThat(loss[loss.length - 1]).isLessThan(loss[0] * 0.8);
  }

  @Test
  void itemKnnIsCosineOnCoOccurrence() {
    // Given: x and y share 2 of their users (x has 2, y has 4); z is never seen with x
    List<Rating> ratings = List.of(
        new Rating("a", "x", 5.0, 1), new Rating("a", "y", 5.0, 2),
        new Rating("b", "x", 5.0, 1), new Rating("b", "y", 5.0, 2),
        new Rating("c", "y", 5.0, 1), new Rating("c", "z", 5.0, 2),
        new Rating("d", "y", 5.0, 1), new Rating("d", "z", 5.0, 2));
    EvalData data = EvalData.prepare(TestData.of("t", ratings), ProtocolConfig.paper().withMinInteractions(0).withUsers(1, 0).withNegatives(1));
    int[][] all = new int[data.numUsers()][];
    for (int u = 0; u < all.length; u++) {
      all[u] = data.sequence(data.userId(u)).stream().mapToInt(r -> data.itemIndex(r.itemId())).toArray();
    }
    ItemKnn knn = ItemKnn.fit(data, TrainingData.of(TrainingScope.FULL, data.numItems(), all));
    int x = data.itemIndex("x");
    int y = data.itemIndex("y");
    int z = data.itemIndex("z");

    // Then sim = common users / sqrt(|Ux| |Uy|)
    assertThat(knn.similarity(x, y)).isCloseTo(2 / Math.sqrt(2 * 4), within(1e-12));
    assertThat(knn.similarity(y, z)).isCloseTo(2 / Math.sqrt(4 * 2), within(1e-12));
    assertThat(knn.similarity(x, z)).isZero();
    assertThat(knn.similarity(x, x)).isCloseTo(1.0, within(1e-12));

    // And a user who liked x prefers y over z
    EvalUser user = new EvalUser("a", List.of(new Rating("a", "x", 5.0, 1)), new Rating("a", "y", 5.0, 2), List.of("z", "y"), 0);
    assertThat(knn.rank(user)).containsExactly("y", "z");
  }

  @Test
  void sampleScopedBaselinesSeeOnlyTheSample() {
    Dataset ds = TestData.dense(50, 300, 20);
    EvalData data = EvalData.prepare(ds, ProtocolConfig.paper().withMinInteractions(0).withUsers(10, 10));
    long sampled = data.training(TrainingScope.SAMPLE).interactions();
    assertThat(sampled).isEqualTo(10 * 19 + 10 * 20);
    assertThat(data.training(TrainingScope.FULL).interactions()).isEqualTo(50 * 20 - 10);
    assertThat(data.testUserIds().stream().collect(Collectors.toSet())).hasSize(10);
  }
}
