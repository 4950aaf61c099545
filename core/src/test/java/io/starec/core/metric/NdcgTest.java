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
    assertThat(Ndcg.atK(1, 1)).isEqualTo(1.0);
    assertThat(Ndcg.atK(1, 10)).isEqualTo(1.0);
  }

  @Test
  void discountIsLogarithmic() {
    assertThat(Ndcg.atK(2, 10)).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
    assertThat(Ndcg.atK(3, 10)).isCloseTo(0.5, within(1e-12));
    assertThat(Ndcg.atK(7, 10)).isCloseTo(1.0 / 3.0, within(1e-12));
  }

  @Test
  void beyondTheCutoffOrAbsentIsZero() {
    assertThat(Ndcg.atK(11, 10)).isZero();
    assertThat(Ndcg.atK(0, 10)).isZero();
    assertThat(Ndcg.atK(OptionalInt.empty(), 20)).isZero();
  }

  @Test
  void rankOfFindsOneBasedPosition() {
    assertThat(Ndcg.rankOf(List.of("a", "b", "c"), "c")).hasValue(3);
    assertThat(Ndcg.rankOf(List.of("a"), "z")).isEmpty();
  }

  @Test
  void rejectsNonPositiveCutoff() {
    assertThatThrownBy(() -> Ndcg.atK(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be");
  }
}
