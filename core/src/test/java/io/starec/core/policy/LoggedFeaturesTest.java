package io.starec.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggedFeaturesTest {

  /** Three candidates, two columns. */
  private static PolicyFeatures logged(int... order) {
    return LoggedFeatures.of(List.of("liked_sim", "popularity"), List.of("a", "b", "c"),
        List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), List.of(1.0, 2.0, 3.0), order, 1.0);
  }

  @Test
  void theMatrixIsRowMajorWithEveryFeatureAsAColumn() {
    double[][] x = new double[2][Feature.count()];
    x[1][Feature.POPULARITY.ordinal()] = 0.7;
    List<Double> values = LoggedFeatures.values(x);
    assertThat(values).hasSize(2 * Feature.count());
    assertThat(LoggedFeatures.names().indexOf("popularity")).isEqualTo(Feature.POPULARITY.ordinal());
    assertThat(values.get(Feature.count() + Feature.POPULARITY.ordinal())).isEqualTo(0.7);
  }

  @Test
  void aMatchingRankingKeepsTheRecordAndAnotherPermutationRewritesTheOrder() {
    PolicyFeatures pf = logged(2, 0, 1);
    // Given the ranking the order already describes
    assertThat(LoggedFeatures.alignedTo(pf, List.of("c", "a", "b"))).isSameAs(pf);
    // When the served ranking differs (the parser repaired the sampled text)
    PolicyFeatures aligned = LoggedFeatures.alignedTo(pf, List.of("b", "c", "a"));
    // Then only the order changes
    assertThat(aligned.getOrder()).containsExactly(1, 2, 0);
    assertThat(aligned.getItemIds()).isEqualTo(pf.getItemIds());
    assertThat(aligned.getScores()).isEqualTo(pf.getScores());
    assertThat(pf.getOrder()).containsExactly(2, 0, 1);
  }

  @Test
  void featuresThatDoNotFitTheRankingAreDropped() {
    PolicyFeatures pf = logged(0, 1, 2);
    assertThat(LoggedFeatures.alignedTo(null, List.of("a", "b", "c"))).isNull();
    assertThat(LoggedFeatures.alignedTo(pf, List.of("a", "b"))).isNull();
    assertThat(LoggedFeatures.alignedTo(pf, List.of("a", "b", "x"))).isNull();
    assertThat(LoggedFeatures.alignedTo(pf, List.of("a", "a", "b"))).isNull();
    PolicyFeatures ragged = PolicyFeatures.newBuilder(pf).setValues(List.of(0.1, 0.2)).build();
    assertThat(LoggedFeatures.alignedTo(ragged, List.of("a", "b", "c"))).isNull();
  }

  @Test
  void nonFiniteNumbersAreNamedWhereverTheyAre() {
    PolicyFeatures pf = logged(0, 1, 2);
    // Given logged features that are all finite, and copies with a NaN value, an infinite score, a NaN temperature
    PolicyFeatures nanValue = PolicyFeatures.newBuilder(pf).setValues(List.of(0.1, 0.2, Double.NaN, 0.4, 0.5, 0.6))
        .build();
    PolicyFeatures infScore = PolicyFeatures.newBuilder(pf).setScores(List.of(1.0, Double.NEGATIVE_INFINITY, 3.0))
        .build();
    PolicyFeatures nanTemperature = PolicyFeatures.newBuilder(pf).setTemperature(Double.NaN).build();

    // When they are checked, then only the broken ones are named, with what and where
    assertThat(LoggedFeatures.nonFinite(pf)).isNull();
    assertThat(LoggedFeatures.nonFinite(nanValue)).isEqualTo("feature value NaN at 2");
    assertThat(LoggedFeatures.nonFinite(infScore)).isEqualTo("score -Infinity at 1");
    assertThat(LoggedFeatures.nonFinite(nanTemperature)).isEqualTo("temperature NaN");
  }
}
