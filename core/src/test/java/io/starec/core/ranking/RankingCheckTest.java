package io.starec.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingCheckTest {

  /** Three candidates a, b, c (rows), two columns, ranked by {@code order}. */
  private static PolicyFeatures features(Integer... order) {
    return PolicyFeatures.newBuilder().setNames(List.of("liked_sim", "popularity")).setItemIds(List.of("a", "b", "c"))
        .setValues(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6)).setScores(List.of(1.0, 2.0, 3.0)).setOrder(List.of(order))
        .setTemperature(1.0).build();
  }

  @Test
  void aFullPermutationPasses() {
    assertThat(RankingCheck.permutationViolations(List.of("a", "b", "c"), List.of("c", "a", "b"))).isEmpty();
  }

  @Test
  void unknownRepeatedAndMissingIdsAreEachNamed() {
    // When a ranking has an unknown id, a repeat, and leaves two candidates out
    List<String> violations = RankingCheck.permutationViolations(List.of("a", "b", "c", "d"),
        List.of("c", "zz", "c", "a"));
    // Then each kind of fault is one violation naming its ids
    assertThat(violations).hasSize(3);
    assertThat(violations.get(0)).contains("zz");
    assertThat(violations.get(1)).contains("[c]");
    assertThat(violations.get(2)).contains("[b, d]");
  }

  @Test
  void featuresWhoseOrderPicksTheRankingPass() {
    assertThat(RankingCheck.featuresViolation(features(2, 0, 1), List.of("c", "a", "b"))).isEmpty();
  }

  @Test
  void featuresOfAnotherRankingAreAViolationNotRealigned() {
    // Given features logged for the ranking c, a, b
    PolicyFeatures logged = features(2, 0, 1);
    // When the ranking they travel with is b, c, a
    // Then they do not describe it
    assertThat(RankingCheck.featuresViolation(logged, List.of("b", "c", "a"))).hasValueSatisfying(v ->
        assertThat(v).contains("rank 1"));
    assertThat(logged.getOrder()).containsExactly(2, 0, 1);
  }

  @Test
  void featuresThatDoNotFitTheRankingAreViolations() {
    PolicyFeatures pf = features(0, 1, 2);
    assertThat(RankingCheck.featuresViolation(pf, List.of("a", "b"))).isPresent();
    assertThat(RankingCheck.featuresViolation(pf, List.of("a", "b", "x"))).isPresent();
    assertThat(RankingCheck.featuresViolation(features(0, 0, 1), List.of("a", "a", "b"))).isPresent();
    assertThat(RankingCheck.featuresViolation(features(0, 1, 3), List.of("a", "b", "c"))).isPresent();
    PolicyFeatures ragged = PolicyFeatures.newBuilder(pf).setValues(List.of(0.1, 0.2)).build();
    assertThat(RankingCheck.featuresViolation(ragged, List.of("a", "b", "c"))).isPresent();
    PolicyFeatures fewScores = PolicyFeatures.newBuilder(pf).setScores(List.of(1.0)).build();
    assertThat(RankingCheck.featuresViolation(fewScores, List.of("a", "b", "c"))).isPresent();
    PolicyFeatures noScores = PolicyFeatures.newBuilder(pf).setScores(List.of()).build();
    assertThat(RankingCheck.featuresViolation(noScores, List.of("a", "b", "c"))).isEmpty();
  }
}
