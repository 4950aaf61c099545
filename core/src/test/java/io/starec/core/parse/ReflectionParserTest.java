package io.starec.core.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReflectionParserTest {

  private final ReflectionParser parser = new ReflectionParser();

  @Test
  void readsTheTextAfterTheMarker() {
    ParsedReflection r = parser.parse("<think>They hated the horror film.</think>\n"
        + "Updated User description: Enjoys 90s action; avoids horror.\n");
    assertThat(r.rationale()).isEqualTo("They hated the horror film.");
    assertThat(r.description()).isEqualTo("Enjoys 90s action; avoids horror.");
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void toleratesMarkdownBracketsAndTakesTheLastMarker() {
    ParsedReflection r = parser.parse("<think>Updated User description: draft</think>\n"
        + "**Updated user description:** [Likes comedies.]\nUpdated User Description: [Likes dramas.]");
    assertThat(r.description()).isEqualTo("Likes dramas.");
  }

  @Test
  void withoutMarkerTheAnswerIsUsedAndEmptyGivesNull() {
    ParsedReflection noMarker = parser.parse("<think>x</think> Prefers jazz.");
    assertThat(noMarker.description()).isEqualTo("Prefers jazz.");
    assertThat(noMarker.issues()).anyMatch(i -> i.startsWith("missing-marker"));

    ParsedReflection empty = parser.parse("<think>only thoughts</think>\nUpdated User description: []");
    assertThat(empty.description()).isNull();
    assertThat(empty.issues()).contains("empty-description");
    assertThat(parser.parse(null).description()).isNull();
  }

  @Test
  void longDescriptionsAreCapped() {
    ParsedReflection r = new ReflectionParser(100).parse("Updated User description: " + "word ".repeat(200));
    assertThat(r.description()).hasSizeLessThanOrEqualTo(100);
    assertThat(r.issues()).anyMatch(i -> i.startsWith("description-truncated"));
  }

  @Test
  void aLongWhitespaceRunBeforeTheMarkerDoesNotBacktrack() {
    // Given 190,000 spaces on one line before the marker (the old marker pattern began with \s* and rescanned the
    // run from every offset: quadratic, tens of seconds)
    String text = "<think>t</think>\n" + " ".repeat(190_000) + "x\nUpdated User description: Likes jazz.";

    // When it is parsed
    ParsedReflection r = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> parser.parse(text));

    // Then the description after the marker is read
    assertThat(r.description()).isEqualTo("Likes jazz.");
    assertThat(r.issues()).isEmpty();
  }

  @Test
  void theMarkerIsFoundAfterLettersWhoseLowerCaseIsLonger() {
    // Given 'İ' (two chars in lower case) before the think block
    String text = "İ".repeat(40) + "<think>They hated it.</think>\nUpdated User description: Avoids horror.";

    // When it is parsed
    ParsedReflection r = parser.parse(text);

    // Then the think block and the description are where they are in the text
    assertThat(r.rationale()).isEqualTo("They hated it.");
    assertThat(r.description()).isEqualTo("Avoids horror.");
  }
}
