package io.starec.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MeanNdcgTest {

  @Test
  void anEmptyMeanIsZeroAtEveryCutoff() {
    MeanNdcg m = new MeanNdcg(Cutoffs.PAPER);
    assertThat(m.count()).isZero();
    assertThat(m.mean(10)).isZero();
    assertThat(m.percents()).containsExactly(0.0, 0.0, 0.0, 0.0);
  }

  @Test
  void everyRankingCountsOnceAtEachCutoff() {
    // Given rankings with the positive first, third, eleventh and absent
    MeanNdcg m = new MeanNdcg(Cutoffs.PAPER);
    m.add(1);
    m.add(List.of("a", "b", "pos"), "pos");
    m.add(OptionalInt.of(11));
    m.add(OptionalInt.empty());
    // Then each cut-off averages over all four
    assertThat(m.count()).isEqualTo(4);
    assertThat(m.mean(1)).isEqualTo(0.25);
    assertThat(m.mean(5)).isCloseTo((1 + 0.5) / 4, within(1e-12));
    assertThat(m.mean(10)).isCloseTo((1 + 0.5) / 4, within(1e-12));
    assertThat(m.mean(20)).isCloseTo((1 + 0.5 + new Ndcg(20).ofRank(11)) / 4, within(1e-12));
    assertThat(m.percents().get(0)).isEqualTo(25.0);
    assertThat(m.percents().get(3)).isCloseTo(100 * m.mean(20), within(1e-12));
  }

  @Test
  void mergingPoolsTheRankingsNotTheMeans() {
    // Given one seed of a single hit and another of three misses
    MeanNdcg a = new MeanNdcg(Cutoffs.of(10));
    a.add(1);
    MeanNdcg b = new MeanNdcg(Cutoffs.of(10));
    b.add(0);
    b.add(0);
    b.add(0);
    // When merged
    a.merge(b);
    // Then the mean is over the four rankings (a mean of means would say 0.5)
    assertThat(a.count()).isEqualTo(4);
    assertThat(a.mean(10)).isEqualTo(0.25);
    assertThat(b.count()).isEqualTo(3);
  }

  @Test
  void mergingAnEmptyAccumulatorChangesNothing() {
    MeanNdcg a = new MeanNdcg(Cutoffs.PAPER);
    a.add(3);
    List<Double> before = a.percents();
    a.merge(new MeanNdcg(Cutoffs.PAPER));
    assertThat(a.count()).isEqualTo(1);
    assertThat(a.percents()).isEqualTo(before);
  }

  @Test
  void onlyTheSameCutoffsMergeAndOnlyACutoffHasAMean() {
    MeanNdcg paper = new MeanNdcg(Cutoffs.PAPER);
    assertThatThrownBy(() -> paper.merge(new MeanNdcg(Cutoffs.of(10)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot merge");
    assertThatThrownBy(() -> paper.mean(3)).isInstanceOf(IllegalArgumentException.class);
    assertThat(paper.cutoffs()).isEqualTo(Cutoffs.PAPER);
  }
}
