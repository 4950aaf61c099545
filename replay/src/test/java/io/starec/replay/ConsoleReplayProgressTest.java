package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsoleReplayProgressTest {

  @Test
  void withoutATerminalItPrintsALineEveryIntervalAndOneAtTheEnd() throws Exception {
    // Given progress written to a plain writer (a log file, a pipe) every 100 ms
    StringWriter text = new StringWriter();
    try (ConsoleReplayProgress p = ConsoleReplayProgress.lines(new PrintWriter(text), 40, Duration.ofMillis(100))) {
      // When 10 of 40 interactions go out and one simulated ranking goes unanswered
      for (int e = 0; e < 10; e++) {
        p.interaction(e, 0);
      }
      p.rankingFailed(3, new RuntimeException("timeout"));
      // Then lines appear while the replay runs, with nothing else happening
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (text.toString().lines().count() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(text.toString().lines()).hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(l -> assertThat(l).startsWith("replay: 10 of 40 interactions (25.0%)")
              .contains("rankings 0 (1 unanswered)"));
      for (int e = 10; e < 40; e++) {
        p.interaction(e, 0);
      }
    }
    // and the last line, printed at close, has the final count
    assertThat(text.toString().lines().reduce((a, b) -> b)).hasValueSatisfying(
        l -> assertThat(l).startsWith("replay: 40 of 40 interactions (100.0%)"));
  }

  @Test
  void anIntervalBelowAMillisecondIsRefused() {
    assertThatThrownBy(() -> ConsoleReplayProgress.lines(new PrintWriter(new StringWriter()), 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
