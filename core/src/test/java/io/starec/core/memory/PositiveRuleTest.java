package io.starec.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InteractionType;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PositiveRuleTest {

  @ParameterizedTest(name = "{0} rating {1} -> {2}")
  @CsvSource({"RATE,5,true", "RATE,4,true", "RATE,3.5,true", "RATE,3,false", "RATE,1,false", "VIEW,,false",
      "SKIP,,false", "CLICK,,true", "PURCHASE,,true", "CLICK,1,true", "RATE,,false"})
  void defaultRuleIsRatingAboveThreeOrClickOrPurchase(InteractionType type, Double rating, boolean positive) {
    assertThat(PositiveRule.defaults().isPositive(type, rating)).isEqualTo(positive);
  }

  @Test
  void thresholdAndImplicitTypesAreConfigurable() {
    // Given a stricter rule: rating > 4, only purchases are implicit positives
    PositiveRule rule = new PositiveRule(4.0, EnumSet.of(InteractionType.PURCHASE));
    // Then
    assertThat(rule.isPositive(InteractionType.RATE, 4.0)).isFalse();
    assertThat(rule.isPositive(InteractionType.RATE, 5.0)).isTrue();
    assertThat(rule.isPositive(InteractionType.CLICK, null)).isFalse();
    assertThat(rule.isPositive(InteractionType.PURCHASE, null)).isTrue();
    assertThat(new PositiveRule(3.0, EnumSet.noneOf(InteractionType.class)).isPositive(InteractionType.CLICK, null))
        .isFalse();
  }
}
