package io.starec.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void removesControlFormatAndTemplateCharacters() {
    assertThat(SafeText.clean("a\u202Eb\u200Bc\n\td\u0000e", 100)).isEqualTo("abc de");
    assertThat(SafeText.clean("<think>\"x\"</think>", 100)).isEqualTo("‹think›'x'‹/think›");
    assertThat(SafeText.clean(null, 10)).isEmpty();
  }

  @Test
  void capsLengthWithAnEllipsis() {
    String s = SafeText.clean("abcdefghijklmnop", 8);
    assertThat(s).hasSize(8).endsWith(SafeText.ELLIPSIS);
    assertThat(SafeText.quote("x".repeat(50), 10)).hasSize(12).startsWith("\"").endsWith("\"");
  }

  @Test
  void tokenEstimateGrowsWithTextAndCountsCjkDensely() {
    assertThat(TokenEstimate.of("")).isZero();
    assertThat(TokenEstimate.of("one two three four")).isBetween(4, 8);
    assertThat(TokenEstimate.of("電影推薦系統")).isGreaterThanOrEqualTo(4);
  }
}
