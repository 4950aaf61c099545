package io.starec.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CutoffsTest {

  @Test
  void thePaperReportsAtOneFiveTenAndTwenty() {
    assertThat(Cutoffs.PAPER.values()).containsExactly(1, 5, 10, 20);
    assertThat(Cutoffs.PAPER.size()).isEqualTo(4);
    assertThat(Cutoffs.PAPER.get(2)).isEqualTo(10);
    assertThat(Cutoffs.PAPER.indexOf(10)).isEqualTo(2);
    assertThat(Cutoffs.PAPER).isEqualTo(Cutoffs.of(1, 5, 10, 20)).hasSameHashCodeAs(Cutoffs.of(1, 5, 10, 20))
        .isNotEqualTo(Cutoffs.of(10)).hasToString("[1, 5, 10, 20]");
  }

  @Test
  void theValuesAreACopy() {
    int[] ks = {1, 2};
    Cutoffs c = Cutoffs.of(ks);
    ks[0] = 7;
    c.values()[1] = 9;
    assertThat(c.values()).containsExactly(1, 2);
  }

  @Test
  void cutoffsAreAtLeastOneAscendingAndDistinct() {
    assertThatThrownBy(() -> Cutoffs.of()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cutoffs.of(0, 5)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> Cutoffs.of(5, 1)).hasMessageContaining("ascending");
    assertThatThrownBy(() -> Cutoffs.of(5, 5)).hasMessageContaining("distinct");
  }

  @Test
  void aKThatIsNotACutoffHasNoIndex() {
    assertThatThrownBy(() -> Cutoffs.PAPER.indexOf(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 is not one of the cut-offs [1, 5, 10, 20]");
  }
}
