package io.starec.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.RankingResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  private static final long MS = 1_000_000L;

  private static OpenLoop.Outcome answered(int i, long intendedMs, long sentMs, long doneMs, boolean degraded) {
    RankingResponse r = RankingResponse.newBuilder().setRequestId("r" + i).setUserId("u").setRanked(List.of())
        .setRationale("").setBackend("test").setModelVersion("v").setDegraded(degraded).setParseIssues(List.of())
        .setLatencyMs(0L).build();
    return new OpenLoop.Outcome(i, "r" + i, intendedMs * MS, intendedMs, sentMs * MS, intendedMs + 5_000,
        doneMs * MS, doneMs, r, null);
  }

  @Test
  void latencyCountsFromTheIntendedSendTimeNotTheActualOne() {
    // Given a request due at 0 ms that the sender only got out at 900 ms, answered at 1000 ms
    List<OpenLoop.Outcome> outcomes = List.of(answered(0, 0, 900, 1_000, false));

    // When summarised
    LatencyStats s = LatencyStats.of(1, 1, outcomes, 1);

    // Then its latency is 1000 ms (coordinated-omission corrected), not 100 ms
    assertThat(s.maxMs()).isBetween(999.0, 1_001.0);
    assertThat(s.p50Ms()).isBetween(999.0, 1_001.0);
  }

  @Test
  void percentilesAndCountsOfOneRate() {
    // Given 100 requests at 10/s with latencies 1..100 ms, two of them degraded, and one request never answered
    List<OpenLoop.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      outcomes.add(answered(i, i * 100L, i * 100L, i * 100L + i + 1, i < 2));
    }
    outcomes.add(new OpenLoop.Outcome(100, "r100", 10_000 * MS, 10_000, 10_000 * MS, 15_000, 20_000 * MS, 20_000,
        null, new TimeoutException()));

    // When summarised
    LatencyStats s = LatencyStats.of(10, 10, outcomes, 101);

    // Then the percentiles come from the answered ones, and the lost one is counted
    assertThat(s.p50Ms()).isBetween(49.9, 50.1);
    assertThat(s.p99Ms()).isBetween(98.9, 99.1);
    assertThat(s.maxMs()).isBetween(99.9, 100.1);
    assertThat(s.answered()).isEqualTo(100);
    assertThat(s.degraded()).isEqualTo(2);
    assertThat(s.lost()).isEqualTo(1);
    assertThat(s.saturated(5_000)).as("a lost request means saturation").isTrue();
  }

  @Test
  void aRateTheSystemKeepsUpWithIsNotSaturated() {
    // Given 50 answers at 5/s, each within 200 ms, none degraded
    List<OpenLoop.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      outcomes.add(answered(i, i * 200L, i * 200L, i * 200L + 150, false));
    }

    // When summarised
    LatencyStats s = LatencyStats.of(5, 10, outcomes, 50);

    // Then it is not saturated, and the answers per second match the offered rate
    assertThat(s.saturated(5_000)).isFalse();
    assertThat(s.achievedPerSecond()).isBetween(4.5, 5.5);
  }

  @Test
  void requestsAreSpacedByTheRateFromTheStart() {
    assertThat(OpenLoop.offsetNanos(0, 20)).isZero();
    assertThat(OpenLoop.offsetNanos(1, 20)).isEqualTo(50 * MS);
    assertThat(OpenLoop.offsetNanos(40, 20)).isEqualTo(2_000 * MS);
  }
}
