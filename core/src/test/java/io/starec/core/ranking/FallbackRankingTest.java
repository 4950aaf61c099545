package io.starec.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackRankingTest {

  @Test
  void mostPopularFirstTiesByItemIdUnknownItemsLast() {
    // Given popularity for some candidates
    Map<String, Long> counts = Map.of("a", 3L, "b", 10L, "c", 3L);
    // When the fallback ranks them (d has no stats)
    List<String> ranking = FallbackRanking.rank(List.of("d", "c", "a", "b"), id -> counts.getOrDefault(id, 0L));
    // Then
    assertThat(ranking).containsExactly("b", "a", "c", "d");
  }

  @Test
  void repeatedCandidatesAppearOnce() {
    assertThat(FallbackRanking.rank(List.of("x", "x", "y"), id -> 0L)).containsExactly("x", "y");
  }
}
