package io.starec.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class NdcgTest {

  @Test
  void firstPlaceIsOne() {
    assertThat(new Ndcg(1).ofRank(1)).isEqualTo(1.0);
    assertThat(Ndcg.AT_10.ofRank(1)).isEqualTo(1.0);
  }

  @Test
  void discountIsLogarithmic() {
    assertThat(Ndcg.AT_10.ofRank(2)).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
    assertThat(Ndcg.AT_10.ofRank(3)).isCloseTo(0.5, within(1e-12));
    assertThat(Ndcg.AT_10.ofRank(7)).isCloseTo(1.0 / 3.0, within(1e-12));
  }

  @Test
  void beyondTheCutoffOrAbsentIsZero() {
    assertThat(Ndcg.AT_10.ofRank(11)).isZero();
    assertThat(Ndcg.AT_10.ofRank(0)).isZero();
    assertThat(new Ndcg(20).ofRank(OptionalInt.empty())).isZero();
  }

  @Test
  void theCutoffItselfStillCounts() {
    assertThat(Ndcg.AT_10.ofRank(10)).isCloseTo(1 / (Math.log(11) / Math.log(2)), within(1e-12));
    assertThat(new Ndcg(1).ofRank(2)).isZero();
    assertThat(Ndcg.AT_10.ofRank(OptionalInt.of(10))).isEqualTo(Ndcg.AT_10.ofRank(10));
  }

  @Test
  void aRankingIsScoredWhereItsPositiveIs() {
    assertThat(Ndcg.AT_10.of(List.of("a", "b", "c"), "c")).isCloseTo(0.5, within(1e-12));
    assertThat(Ndcg.AT_10.of(List.of("a", "b"), "z")).isZero();
    assertThat(Ndcg.AT_10.of(List.of(), "z")).isZero();
  }

  @Test
  void rankOfFindsOneBasedPosition() {
    assertThat(Ndcg.rankOf(List.of("a", "b", "c"), "c")).hasValue(3);
    assertThat(Ndcg.rankOf(List.of("a"), "z")).isEmpty();
  }

  @Test
  void rejectsNonPositiveCutoff() {
    assertThatThrownBy(() -> new Ndcg(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
  }
}
