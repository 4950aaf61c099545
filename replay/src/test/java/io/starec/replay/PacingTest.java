package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void rateSpacesEventsEvenly() {
    Pacing.Pacer p = Pacing.rate(100).start(0);
    long d0 = p.dueNanos(0, 0);
    assertThat(p.dueNanos(100, 123) - d0).isEqualTo(1_000_000_000L);
  }

  @Test
  void speedupFollowsEventTime() {
    // 1 hour of event time at x3600 is one wall second
    Pacing.Pacer p = Pacing.speedup(3600).start(1_000_000L);
    long d0 = p.dueNanos(0, 1_000_000L);
    assertThat(p.dueNanos(5, 1_000_000L + 3_600_000L) - d0).isEqualTo(1_000_000_000L);
  }

  @Test
  void unlimitedIsAlwaysDue() {
    Pacing.Pacer p = Pacing.unlimited().start(0);
    assertThat(p.dueNanos(1_000_000, Long.MAX_VALUE)).isLessThanOrEqualTo(System.nanoTime());
  }

  @Test
  void rejectsNonPositiveSettings() {
    assertThatThrownBy(() -> Pacing.rate(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pacing.speedup(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
