package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.TaskKind;
import io.starec.streamapp.AppSettings;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RankFlowTest {

  private final TopologyHarness h = new TopologyHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aRequestBecomesARankTaskWithMemoryCandidatesAndADeadline() {
    // Given a user with two interactions
    h.catalogue(20);
    h.rate("e1", "u1", "i1", 5, T0);
    h.rate("e2", "u1", "i2", 2, T0 + 1);
    // When they ask for a ranking of 20 candidates
    h.request("r1", "u1", TopologyHarness.ids(1, 20), T0 + 10);
    // Then one RANK task carries the memory and the candidates in request order
    InferenceTask task = h.tasks.readValue();
    assertThat(h.tasks.isEmpty()).isTrue();
    assertThat(task.getTaskId()).isEqualTo("2:u1:r1:rank");
    assertThat(task.getGroupId()).isEqualTo("2:u1:r1:rank");
    assertThat(task.getKind()).isEqualTo(TaskKind.RANK);
    assertThat(task.getRequestId()).isEqualTo("r1");
    assertThat(task.getDomain()).isEqualTo("movies");
    assertThat(task.getCreatedMs()).isEqualTo(T0 + 10);
    assertThat(task.getDeadlineMs()).isEqualTo(T0 + AppSettings.DEFAULT_RANK_TIMEOUT_MS); // wall clock of the driver
    assertThat(task.getSampling().getN()).isEqualTo(1);
    assertThat(task.getSampling().getTemperature()).isZero();
    assertThat(task.getCandidates()).extracting(CandidateItem::getItemId).isEqualTo(TopologyHarness.ids(1, 20));
    assertThat(task.getMemory().getHistory()).hasSize(2);
    assertThat(task.getMemory().getHistoryItems()).extracting(CandidateItem::getTitle)
        .containsExactly("Movie 1", "Movie 2");
    // and the request waits in the in-flight store
    InflightTask inflight = (InflightTask) h.inflight().get("2:u1:r1:rank");
    assertThat(inflight.getRequest().getRequestId()).isEqualTo("r1");
    assertThat(inflight.getDeadlineMs()).isEqualTo(task.getDeadlineMs());
  }

  @Test
  void anUnknownUserIsRankedWithAColdMemoryFromTheirProfile() {
    // Given only a profile
    h.catalogue(3);
    h.profile("new", "male", "18-24", "student");
    // When the user asks for a ranking
    h.request("r1", "new", List.of("i1", "i2", "i3"), T0);
    // Then the task carries the demographics and an empty history
    InferenceTask task = h.tasks.readValue();
    assertThat(task.getMemory().getGender()).isEqualTo("male");
    assertThat(task.getMemory().getOccupation()).isEqualTo("student");
    assertThat(task.getMemory().getHistory()).isEmpty();
    // and a user without a profile gets an empty memory
    h.request("r2", "nobody", List.of("i1"), T0);
    assertThat(h.tasks.readValue().getMemory().getGender()).isNull();
  }

  @Test
  void unknownCandidatesGetAnErrorResponseThatNamesThem() {
    // Given a catalogue of i1..i3
    h.catalogue(3);
    // When a request names two items that do not exist
    h.request("r1", "u1", List.of("i1", "ghost", "i3", "x9"), T0);
    // Then it is answered with an error naming them, and no task is sent
    RankingResponse response = h.responses.readValue();
    assertThat(response.getRequestId()).isEqualTo("r1");
    assertThat(response.getError()).contains("ghost", "x9");
    assertThat(response.getUnknownItemIds()).containsExactly("ghost", "x9");
    assertThat(response.getRanked()).isEmpty();
    assertThat(h.tasks.isEmpty()).isTrue();
    assertThat(h.count("starec.stream.requests.rejected", "reason", "unknown_candidates")).isEqualTo(1);
  }

  @Test
  void emptyOrRepeatedCandidatesAreAnsweredWithAnError() {
    h.catalogue(3);
    h.request("r1", "u1", List.of(), T0);
    h.request("r2", "u1", List.of("i1", "i1"), T0);
    List<RankingResponse> responses = h.responses.readValuesToList();
    assertThat(responses).extracting(RankingResponse::getError).allSatisfy(e -> assertThat(e).isNotBlank());
    assertThat(responses.get(1).getError()).contains("i1");
    assertThat(h.tasks.isEmpty()).isTrue();
  }

  @Test
  void aRepeatedRequestInFlightIsAnsweredWithAnErrorAndNotRankedTwice() {
    // Given a request in flight
    h.catalogue(3);
    h.request("r1", "u1", List.of("i1", "i2"), T0);
    // When the client sends it again
    h.request("r1", "u1", List.of("i1", "i2"), T0 + 5);
    // Then only one task exists, and the repeat is told why
    assertThat(h.tasks.readValuesToList()).hasSize(1);
    assertThat(h.responses.readValue().getError()).isEqualTo("duplicate requestId r1: already in flight");
    assertThat(h.count("starec.stream.requests.rejected", "reason", "duplicate_in_flight")).isEqualTo(1);
  }

  @Test
  void twoUsersWithTheSameRequestIdAreBothRanked() {
    // Given u1's request r1 in flight
    h.catalogue(3);
    h.request("r1", "u1", List.of("i1", "i2"), T0);
    // When u2 sends a request with the same id
    h.request("r1", "u2", List.of("i1", "i2"), T0 + 5);
    // Then both get a task, and nobody an error
    assertThat(h.tasks.readValuesToList()).extracting(t -> t.getUserId().toString()).containsExactly("u1", "u2");
    assertThat(h.responses.isEmpty()).isTrue();
  }

  @Test
  void aRequestAnsweredBeforeGetsAnErrorResponseNotSilence() {
    // Given a request that was answered
    h.catalogue(3);
    h.request("r1", "u1", List.of("i1", "i2"), T0);
    h.answer(h.tasks.readValue(), List.of("i2", "i1"));
    assertThat(h.responses.readValue().getError()).isNull();
    // When the client sends it again (a re-run replay)
    h.request("r1", "u1", List.of("i1", "i2"), T0 + 5);
    // Then it is answered with an error naming the duplicate, and no new task is made
    RankingResponse again = h.responses.readValue();
    assertThat(again.getError()).contains("duplicate requestId r1");
    assertThat(again.getRanked()).isEmpty();
    assertThat(h.tasks.isEmpty()).isTrue();
  }

  @Test
  void replyToATopicOutsideTheAllowListIsRefusedWithAnErrorOnTheResponsesTopic() {
    // Given the default allow-list (the responses topic only)
    h.catalogue(3);
    // When a request asks for its answer on another topic
    h.requests.pipeInput("u1", RankingRequest.newBuilder().setRequestId("r1").setUserId("u1")
        .setCandidateItemIds(List.of("i1", "i2")).setReplyTo(h.topics.rankingResponses() + ".client-a")
        .setTimestampMs(T0).build(), T0);
    // Then it is not ranked, and the error goes to the responses topic
    assertThat(h.tasks.isEmpty()).isTrue();
    assertThat(h.responses.readValue().getError()).contains("replyTo").contains("reply.to.topics");
  }

  @Test
  void replyToAnAllowedTopicIsHonoured() {
    // Given a client listening on its own response topic, which is on the allow-list
    String replyTo = "ttd.ranking.responses.client-a";
    AppSettings d = AppSettings.defaults();
    try (TopologyHarness allowing = new TopologyHarness(
        d.withBounds(d.bounds().withReplyToTopics(java.util.Set.of(replyTo))))) {
      allowing.catalogue(3);
      TestOutputTopic<String, RankingResponse> own = allowing.driver.createOutputTopic(replyTo,
          new StringDeserializer(), io.starec.schemas.serde.SpecificAvroSerde.forValue(RankingResponse.class,
              java.util.Map.of("schema.registry.url", "mock://unused")).deserializer());
      // When its request has unknown candidates (answered at once)
      allowing.requests.pipeInput("u1", RankingRequest.newBuilder().setRequestId("r1").setUserId("u1")
          .setCandidateItemIds(List.of("zz")).setReplyTo(replyTo).setTimestampMs(T0).build(), T0);
      // Then the answer goes to replyTo only
      assertThat(allowing.responses.isEmpty()).isTrue();
      assertThat(own.getQueueSize()).isEqualTo(1);
    }
  }
}
