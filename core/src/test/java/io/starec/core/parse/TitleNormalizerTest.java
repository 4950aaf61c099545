package io.starec.core.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TitleNormalizerTest {

  @Test
  void yearsArticlesAndSpacingNormaliseAway() {
    assertThat(TitleNormalizer.normalize("  Heat   ( 1995 ) ")).isEqualTo("heat");
    assertThat(TitleNormalizer.normalize("Matrix, The [1999]")).isEqualTo("the matrix");
    assertThat(TitleNormalizer.normalize("Sense & Sensibility (1995) (1996)")).isEqualTo("sense and sensibility 1995");
  }

  @Test
  void theFloorOnlySkipsEditDistancesThatCannotReachIt() {
    // Given random titles and copies with typos, swaps, insertions, deletions and unrelated words
    Random rnd = new Random(3);
    int reached = 0;
    for (int round = 0; round < 20_000; round++) {
      String a = TitleNormalizer.normalize(randomTitle(rnd));
      String b = TitleNormalizer.normalize(mutate(a, rnd));
      TitleNormalizer.Key ka = TitleNormalizer.Key.of(a);
      TitleNormalizer.Key kb = TitleNormalizer.Key.of(b);

      // When the similarity is computed exactly (floor 0) and with the parser's floor
      double exact = TitleNormalizer.similarity(ka, kb, 0.0);
      double floored = TitleNormalizer.similarity(ka, kb, RankingParser.DEFAULT_FUZZY_THRESHOLD);

      // Then they agree at or above the floor, and both stay below it otherwise
      if (exact >= RankingParser.DEFAULT_FUZZY_THRESHOLD) {
        reached++;
        assertThat(floored).as("'%s' vs '%s'", a, b).isEqualTo(exact);
      } else {
        assertThat(floored).as("'%s' vs '%s'", a, b).isLessThan(RankingParser.DEFAULT_FUZZY_THRESHOLD);
      }
    }
    assertThat(reached).as("pairs at or above the floor").isGreaterThan(2_000);
  }

  private static String randomTitle(Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int words = 1 + rnd.nextInt(8); words > 0; words--) {
      for (int n = 1 + rnd.nextInt(9); n > 0; n--) {
        b.append((char) ('a' + rnd.nextInt(rnd.nextBoolean() ? 6 : 26)));
      }
      b.append(' ');
    }
    return b.toString();
  }

  private static String mutate(String s, Random rnd) {
    StringBuilder b = new StringBuilder(s);
    for (int edits = rnd.nextInt(6); edits > 0 && b.length() > 2; edits--) {
      int i = rnd.nextInt(b.length() - 1);
      switch (rnd.nextInt(5)) {
        case 0 -> b.setCharAt(i, (char) ('a' + rnd.nextInt(26)));
        case 1 -> {
          char c = b.charAt(i);
          b.setCharAt(i, b.charAt(i + 1));
          b.setCharAt(i + 1, c);
        }
        case 2 -> b.insert(i, (char) ('a' + rnd.nextInt(26)));
        case 3 -> b.deleteCharAt(i);
        default -> b.append(" extra");
      }
    }
    return b.toString();
  }
}
