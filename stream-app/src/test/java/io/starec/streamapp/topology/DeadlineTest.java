package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InferenceTask;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.streamapp.AppSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deadlines are wall-clock (the gateway's clock); the driver's mock wall clock starts at T0. */
class DeadlineTest {

  private static final long TIMEOUT = AppSettings.DEFAULT_RANK_TIMEOUT_MS;

  @Test
  void anExpiredRequestGetsTheFallbackAndTheLateResultIsIgnored() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a request in flight, and i3 the most popular candidate
      h.catalogue(3);
      h.rate("p1", "x", "i3", 5, T0);
      h.request("r1", "u1", List.of("i1", "i2", "i3"), T0);
      InferenceTask task = h.tasks.readValue();
      // When the deadline passes with no result
      h.driver.advanceWallClockTime(Duration.ofMillis(TIMEOUT + 1_000));
      // Then the request is answered with the degraded popularity ranking
      RankingResponse response = h.responses.readValue();
      assertThat(response.getRequestId()).isEqualTo("r1");
      assertThat(response.getDegraded()).isTrue();
      assertThat(response.getBackend()).isEqualTo("fallback");
      assertThat(response.getRanked()).extracting(RankedItem::getItemId).containsExactly("i3", "i1", "i2");
      assertThat(h.count("starec.stream.degraded", "reason", "deadline")).isEqualTo(1);
      assertThat(h.inflight().get("2:u1:r1:rank")).isNull();
      // When the result finally arrives
      h.answer(task, List.of("i2", "i1", "i3"));
      // Then it is dropped: no second response, nothing pending
      assertThat(h.responses.isEmpty()).isTrue();
      assertThat(h.memory("u1")).isNull();
      assertThat(h.count("starec.stream.results.dropped", "reason", "not_in_flight")).isEqualTo(1);
    }
  }

  @Test
  void aResultAfterTheDeadlineIsLateEvenBeforeThePunctuatorRuns() {
    // Given a punctuator that runs once an hour, so only the result processor can notice
    AppSettings d = AppSettings.defaults();
    AppSettings hourly = new AppSettings(d.domain(), d.dataSourceName(), d.positiveRule(), d.limits(),
        d.likeThreshold(), d.exploreGroupSize(), 0.0, 1.0, 0.0, 2048, TIMEOUT, TIMEOUT, 3_600_000,
        d.cooccurrence(), true, d.bounds());
    try (TopologyHarness h = new TopologyHarness(hourly)) {
      h.catalogue(3);
      h.request("r1", "u1", List.of("i1", "i2", "i3"), T0);
      InferenceTask task = h.tasks.readValue();
      h.driver.advanceWallClockTime(Duration.ofMillis(TIMEOUT + 10));
      assertThat(h.responses.isEmpty()).isTrue();
      // When the result arrives
      h.answer(task, List.of("i2", "i1", "i3"));
      // Then the request is answered by the fallback, once
      List<RankingResponse> responses = h.responses.readValuesToList();
      assertThat(responses).hasSize(1);
      assertThat(responses.get(0).getDegraded()).isTrue();
      assertThat(h.count("starec.stream.results.dropped", "reason", "late")).isEqualTo(1);
      assertThat(h.memory("u1")).isNull();
    }
  }

  @Test
  void beforeTheDeadlineNothingIsAnsweredWhateverTheEventTime() {
    try (TopologyHarness h = new TopologyHarness()) {
      // Given a request, then events far later in event time (a replay moves event time fast)
      h.catalogue(2);
      h.request("r1", "u1", List.of("i1", "i2"), T0);
      h.rate("e", "x", "i1", 5, T0 + 10 * TIMEOUT);
      // When half the timeout passes on the wall clock
      h.driver.advanceWallClockTime(Duration.ofMillis(TIMEOUT / 2));
      // Then the request is still in flight
      assertThat(h.responses.isEmpty()).isTrue();
      assertThat(h.inflight().get("2:u1:r1:rank")).isNotNull();
    }
  }

  @Test
  void aClientDeadlineAlreadyPassedIsAnsweredAtOnceWithTheFallback() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      h.requests.pipeInput("u1", RankingRequest.newBuilder().setRequestId("r1").setUserId("u1")
          .setCandidateItemIds(List.of("i1", "i2")).setDeadlineMs(T0 - 1).setTimestampMs(T0).build(), T0);
      assertThat(h.responses.readValue().getDegraded()).isTrue();
      assertThat(h.tasks.isEmpty()).isTrue();
    }
  }
}
