package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.starec.avro.InferenceTask;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.metrics.AppMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream app's own meters, fed by the records the topology writes. */
class OutputMetricsTest {

  @Test
  void responsesAreCountedByOutcomeWithTheirRoundTrip() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a catalogue
      h.catalogue(3);
      // When one request is answered by the agent, one by the fallback after its deadline, one is not rankable
      h.request("r1", "u1", List.of("i1", "i2", "i3"), T0);
      h.driver.advanceWallClockTime(Duration.ofMillis(40));
      h.answer(h.tasks.readValue(), List.of("i2", "i1", "i3"));
      h.request("r2", "u2", List.of("i1", "i2"), T0);
      h.driver.advanceWallClockTime(Duration.ofMillis(AppSettings.DEFAULT_RANK_TIMEOUT_MS + 1_000));
      h.request("r3", "u3", List.of("i1", "nope"), T0);
      // Then each outcome counts once
      assertThat(h.count(AppMetrics.RESPONSES, "outcome", "served")).isEqualTo(1);
      assertThat(h.count(AppMetrics.RESPONSES, "outcome", "degraded")).isEqualTo(1);
      assertThat(h.count(AppMetrics.RESPONSES, "outcome", "error")).isEqualTo(1);
      // and the two answered ones carry their round trip into the latency histogram (40 ms and ~31 s)
      Timer latency = h.metrics.registry().find(AppMetrics.RESPONSE_LATENCY).timer();
      assertThat(latency.count()).isEqualTo(2);
      assertThat(latency.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(AppSettings.DEFAULT_RANK_TIMEOUT_MS);
      assertThat(h.metrics.live().p50Ms()).isNotNull();
    }
  }

  @Test
  void resolvedServedRankingsGiveTheirNdcgAndRewardAndMemoryWritesTheirSize() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a served ranking with i2 first
      h.catalogue(3);
      h.request("r1", "u1", List.of("i1", "i2", "i3"), T0);
      InferenceTask task = h.tasks.readValue();
      h.answer(task, List.of("i2", "i1", "i3"));
      // When the user likes i2
      h.rate("e1", "u1", "i2", 5, T0 + 100);
      // Then the served ranking's NDCG@10 (1.0) and reward (+1) are recorded once
      DistributionSummary ndcg = h.metrics.registry().find(AppMetrics.SERVED_NDCG10).summary();
      assertThat(ndcg.count()).isEqualTo(1);
      assertThat(ndcg.mean()).isEqualTo(1.0);
      assertThat(h.metrics.live().servedReward()).isEqualTo(1.0);
      assertThat(h.metrics.live().servedNdcgAt10()).isEqualTo(1.0);
      // and every write of the user's memory recorded its serialized size
      DistributionSummary memory = h.metrics.registry().find(AppMetrics.MEMORY_RECORD).summary();
      assertThat(memory.count()).isPositive();
      assertThat(memory.max()).isGreaterThan(100);
    }
  }
}
