package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(500, 30_000, 0.2);

  @Test
  void waitsDoubleUntilTheCap() {
    // Given no jitter drawn (random 0), when successive retries ask for their wait
    // Then each doubles from the initial wait and none exceeds the cap, however many retries there were
    assertThat(backoff.delayMs(1, 0)).isEqualTo(500);
    assertThat(backoff.delayMs(2, 0)).isEqualTo(1_000);
    assertThat(backoff.delayMs(3, 0)).isEqualTo(2_000);
    assertThat(backoff.delayMs(7, 0)).isEqualTo(30_000);
    assertThat(backoff.delayMs(Integer.MAX_VALUE, 0)).isEqualTo(30_000);
  }

  @Test
  void jitterOnlyShortensAWaitAndByAtMostItsShare() {
    // Given the largest random draw, when a wait is computed
    // Then it is at most 20% shorter than the step and never longer than the cap
    assertThat(backoff.delayMs(1, 0.999_999)).isBetween(400L, 500L);
    assertThat(backoff.delayMs(20, 0.999_999)).isBetween(24_000L, 30_000L);
    assertThat(backoff.delayMs(20, 0.5)).isEqualTo(27_000);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    // Given settings with no first wait, a cap below it, or a jitter that could remove the whole wait
    // When a backoff is built, then it is refused
    assertThatThrownBy(() -> new Backoff(0, 10, 0.2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(10, 5, 0.2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(10, 50, 1.0)).isInstanceOf(IllegalArgumentException.class);
  }
}
