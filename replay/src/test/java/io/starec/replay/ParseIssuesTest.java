package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParseIssuesTest {

  @Test
  void repairsAreFailuresNotesAreNot() {
    assertThat(ParseIssues.failure(List.of())).isFalse();
    assertThat(ParseIssues.failure(List.of("no-think", "fuzzy-match: entry 2", "by-number: entry 3"))).isFalse();
    assertThat(ParseIssues.failure(List.of("appended: 3 unranked candidates"))).isTrue();
    assertThat(ParseIssues.failure(List.of("hallucinated: entry 4 'x'"))).isTrue();
    assertThat(ParseIssues.failure(List.of("no-ranking: no numbered lines"))).isTrue();
    assertThat(ParseIssues.failure(List.of("stream-app appended unranked candidates: [1]"))).isTrue();
  }
}
