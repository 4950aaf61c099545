package io.starec.streamapp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InferenceTask;
import io.starec.avro.RankingResponse;
import io.starec.streamapp.AppSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * latencyMs of a response is the stream app's round trip on the wall clock (the driver's mock clock starts at
 * T0), whatever the request's event time: a replayed request of 2000 is not 23 years late.
 */
class LatencyTest {

  private static final long YEAR_2000 = Instant.parse("2000-12-31T12:00:00Z").toEpochMilli();

  @Test
  void aReplayedRequestIsAnsweredWithItsRoundTripNotItsAge() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a request replayed from a log of 2000 (its event time), received now
      h.catalogue(3);
      h.request("r1", "u1", List.of("i1", "i2", "i3"), YEAR_2000);
      InferenceTask task = h.tasks.readValue();
      // When the gateway answers 250 ms (wall clock) later
      h.driver.advanceWallClockTime(Duration.ofMillis(250));
      h.answer(task, List.of("i2", "i1", "i3"));
      // Then the response's latency is those 250 ms
      RankingResponse response = h.responses.readValue();
      assertThat(response.getDegraded()).isFalse();
      assertThat(response.getLatencyMs()).isEqualTo(250);
    }
  }

  @Test
  void aReplayedRequestAnsweredByTheFallbackReportsTheTimeItWaited() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a replayed request of 2000 that the gateway never answers
      h.catalogue(3);
      h.request("r1", "u1", List.of("i1", "i2", "i3"), YEAR_2000);
      h.tasks.readValue();
      // When its (wall-clock) deadline passes
      h.driver.advanceWallClockTime(Duration.ofMillis(AppSettings.DEFAULT_RANK_TIMEOUT_MS + 1_000));
      // Then the fallback's latency is the wait on the wall clock
      RankingResponse response = h.responses.readValue();
      assertThat(response.getDegraded()).isTrue();
      assertThat(response.getLatencyMs()).isEqualTo(AppSettings.DEFAULT_RANK_TIMEOUT_MS + 1_000);
    }
  }
}
