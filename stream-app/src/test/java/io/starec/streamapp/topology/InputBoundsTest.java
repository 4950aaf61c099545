package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.Item;
import io.starec.avro.RankingResponse;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.InputBounds;
import io.starec.topics.DeadLetter;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** What is refused at the door: times ahead of the clock, too many candidates. The harness clock is at T0. */
class InputBoundsTest {

  private static final long TWO_HOURS = Duration.ofHours(2).toMillis();
  private static final long FIVE_YEARS = Duration.ofDays(5 * 365).toMillis();

  @Test
  void anInteractionStampedHoursAheadIsDeadLetteredWithTheReasonAndAnOldOneIsApplied() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      // When an interaction from a client whose clock is two hours ahead arrives, then a five-year-old one
      h.rate("future", "u1", "i1", 5, T0 + TWO_HOURS);
      h.rate("replayed", "u1", "i2", 5, T0 - FIVE_YEARS);
      // Then the future one is dead-lettered with the reason, and nothing it would have written was written
      TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
      assertThat(DeadLetter.header(dead.headers(), DeadLetter.ERROR_MESSAGE))
          .contains("ahead of the clock").contains("timestamp.max.future.ms");
      assertThat(DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo(h.topics.interactions());
      assertThat(h.itemStats.readValuesToList()).hasSize(1);
      // and the replayed one is applied
      assertThat(h.memory("u1").getHistory()).extracting(e -> e.getEventId().toString())
          .containsExactly("replayed");
    }
  }

  @Test
  void aTimeWithinTheSkewIsAccepted() {
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults()
        .withBounds(InputBounds.defaults().withTimestampMaxFutureMs(60_000)))) {
      h.catalogue(2);
      // When an interaction is 59 s ahead with a skew of one minute
      h.rate("e1", "u1", "i1", 5, T0 + 59_000);
      // Then it is applied
      assertThat(h.dlq.isEmpty()).isTrue();
      assertThat(h.memory("u1").getHistory()).hasSize(1);
    }
  }

  @Test
  void aRankingRequestStampedHoursAheadIsAnsweredWithAnErrorAndDeadLettered() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(3);
      // When a request stamped two hours ahead arrives
      h.request("r1", "u1", List.of("i1", "i2"), T0 + TWO_HOURS);
      // Then the client gets an error response stamped with the wall clock, and no task is sent
      TestRecord<String, RankingResponse> answer = h.responses.readRecord();
      assertThat(answer.value().getError()).contains("ahead of the clock");
      assertThat(answer.timestamp()).isEqualTo(T0);
      assertThat(h.tasks.isEmpty()).isTrue();
      // and the request is dead-lettered with the reason
      assertThat(DeadLetter.header(h.dlq.readRecord().headers(), DeadLetter.ERROR_MESSAGE))
          .contains("ranking request timestamp");
    }
  }

  @Test
  void aRequestOverTheCandidateCapIsAnsweredWithAnError() {
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults()
        .withBounds(InputBounds.defaults().withMaxCandidates(3)))) {
      h.catalogue(5);
      // When a request names 4 candidates with a cap of 3
      h.request("r1", "u1", TopologyHarness.ids(1, 4), T0);
      // Then it is answered with an error naming the cap, and no task is sent
      assertThat(h.responses.readValue().getError())
          .isEqualTo("4 candidates, more than request.max.candidates 3");
      assertThat(h.tasks.isEmpty()).isTrue();
      assertThat(h.count("starec.stream.requests.rejected", "reason", "too_many_candidates")).isEqualTo(1);
    }
  }

  @Test
  void catalogueTextOverTheCapIsTruncatedInTheTask() {
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults()
        .withBounds(InputBounds.defaults().withItemText(10, 2)))) {
      // Given an item whose title is a megabyte and which has 1000 genres
      List<String> genres = new java.util.ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        genres.add("genre-" + i);
      }
      h.items.pipeInput("big", Item.newBuilder().setItemId("big").setTitle("t".repeat(1_000_000)).setYear(2000)
          .setGenres(genres).setArtist("a".repeat(50)).build(), T0);
      h.catalogue(1);
      // When it is a candidate
      h.request("r1", "u1", List.of("big", "i1"), T0);
      // Then the task carries it truncated to the caps, and the other candidate as it is
      CandidateItem big = h.tasks.readValue().getCandidates().get(0);
      assertThat(big.getTitle()).isEqualTo("t".repeat(10));
      assertThat(big.getArtist()).isEqualTo("a".repeat(10));
      assertThat(big.getGenres()).extracting(CharSequence::toString).containsExactly("genre-0", "genre-1");
    }
  }

  @Test
  void anIdOverTheCapIsRefusedSoNoMemoryRecordGrowsWithIt() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      String huge = "e".repeat(InputBounds.DEFAULT_ID_MAX_CHARS + 1);
      // When an interaction has an event id over the cap, and a request a candidate id over it
      h.rate(huge, "u1", "i1", 5, T0);
      h.request("r1", "u1", List.of("i1", "c".repeat(InputBounds.DEFAULT_ID_MAX_CHARS + 1)), T0);
      // Then the interaction is dead-lettered with the reason and never reaches the memory
      assertThat(DeadLetter.header(h.dlq.readRecord().headers(), DeadLetter.ERROR_MESSAGE))
          .contains("eventId of 257 chars is longer than id.max.chars 256");
      assertThat(h.memory("u1")).isNull();
      // and the request is answered with an error
      assertThat(h.responses.readValue().getError()).isEqualTo("candidate ids longer than id.max.chars 256");
      assertThat(h.tasks.isEmpty()).isTrue();
    }
  }
}
