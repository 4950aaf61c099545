package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.PendingRanking;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingResponse;
import io.starec.avro.UserMemory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResultFlowTest {

  private final TopologyHarness h = new TopologyHarness();
  private InferenceTask task;

  @BeforeEach
  void rankingInFlight() {
    h.catalogue(5);
    h.request("r1", "u1", List.of("i1", "i2", "i3", "i4", "i5"), T0);
    task = h.tasks.readValue();
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aRankResultBecomesAPendingPredictionAndAFullResponse() {
    // When the gateway answers
    h.answer(task, List.of("i3", "i1", "i5", "i2", "i4"));
    // Then the response is the model's full permutation with explanations
    RankingResponse response = h.responses.readValue();
    assertThat(response.getRequestId()).isEqualTo("r1");
    assertThat(response.getRanked()).extracting(RankedItem::getItemId).containsExactly("i3", "i1", "i5", "i2", "i4");
    assertThat(response.getRanked()).extracting(RankedItem::getRank).containsExactly(1, 2, 3, 4, 5);
    assertThat(response.getRanked().get(0).getExplanation()).isEqualTo("because i3");
    assertThat(response.getRationale()).isEqualTo("<think>rollout 0</think>");
    assertThat(response.getBackend()).isEqualTo("test");
    assertThat(response.getModelVersion()).isEqualTo("v1");
    assertThat(response.getDegraded()).isFalse();
    assertThat(response.getParseIssues()).isEmpty();
    // and memory keeps the prediction awaiting ground truth
    UserMemory m = h.memory("u1");
    assertThat(m.getPending()).hasSize(1);
    PendingRanking p = m.getPending().get(0);
    assertThat(p.getTaskId()).isEqualTo("2:u1:r1:rank");
    assertThat(p.getRollouts().get(0).getRankedItemIds()).containsExactly("i3", "i1", "i5", "i2", "i4");
    assertThat(p.getPromptMessages()).hasSize(2);
    assertThat(h.inflight().get("2:u1:r1:rank")).isNull();
  }

  @Test
  void aRankingThatIsNotAPermutationIsNotServedAndTheFallbackNamesTheViolation() {
    // When the output ranks two candidates, one twice, and an unknown id (the gateway broke its contract)
    h.results.pipeInput("u1", TopologyHarness.result(task,
        List.of(TopologyHarness.output(0, List.of("i4", "zz", "i4", "i2")))), T0);
    // Then the request is answered as if the result had failed: the degraded fallback, naming what is wrong
    RankingResponse response = h.responses.readValue();
    assertThat(response.getDegraded()).isTrue();
    assertThat(response.getBackend()).isEqualTo("fallback");
    assertThat(response.getRanked()).extracting(RankedItem::getItemId).containsExactly("i1", "i2", "i3", "i4", "i5");
    assertThat(response.getParseIssues()).singleElement().satisfies(issue -> assertThat(issue)
        .contains("rollout 0", "[zz]", "repeated ids: [i4]", "candidates left out: [i1, i3, i5]"));
    assertThat(h.count("starec.stream.contract.violations", "violation", "ranking")).isEqualTo(1);
    assertThat(h.count("starec.stream.degraded", "reason", "contract")).isEqualTo(1);
    // and nothing is kept to be rewarded
    assertThat(h.memory("u1")).isNull();
    assertThat(h.inflight().get("2:u1:r1:rank")).isNull();
  }

  @Test
  void aDuplicateResultIsIgnored() {
    // Given an applied result
    h.answer(task, List.of("i1", "i2", "i3", "i4", "i5"));
    // When the gateway delivers it again
    h.answer(task, List.of("i5", "i4", "i3", "i2", "i1"));
    // Then only the first produced a response and a pending prediction
    assertThat(h.responses.readValuesToList()).hasSize(1);
    assertThat(h.memory("u1").getPending()).hasSize(1);
    assertThat(h.memory("u1").getPending().get(0).getRollouts().get(0).getRankedItemIds().get(0)).isEqualTo("i1");
    assertThat(h.count("starec.stream.results.dropped", "reason", "not_in_flight")).isEqualTo(1);
  }

  @Test
  void aResultForAnUnknownTaskIsDroppedAndCounted() {
    // When a result names a task that was never sent
    h.results.pipeInput("u1", InferenceResult.newBuilder(TopologyHarness.result(task, List.of()))
        .setTaskId("nope:rank").build(), T0);
    // Then nothing is emitted or stored
    assertThat(h.responses.isEmpty()).isTrue();
    assertThat(h.memory("u1")).isNull();
    assertThat(h.count("starec.stream.results.dropped", "reason", "not_in_flight")).isEqualTo(1);
    assertThat(h.inflight().get("2:u1:r1:rank")).isNotNull();
  }

  @Test
  void anErrorResultIsAnsweredWithTheDegradedFallback() {
    // Given popularity: i4 most, then i2
    h.rate("a", "x", "i4", 5, T0);
    h.rate("b", "y", "i4", 5, T0);
    h.rate("c", "x", "i2", 5, T0);
    // When the gateway reports an error
    h.results.pipeInput("u1", InferenceResult.newBuilder(TopologyHarness.result(task, List.of()))
        .setError("UNAVAILABLE: triton down").build(), T0);
    // Then the request gets the popularity ranking, flagged degraded
    RankingResponse response = h.responses.readValue();
    assertThat(response.getDegraded()).isTrue();
    assertThat(response.getBackend()).isEqualTo("fallback");
    assertThat(response.getRanked()).extracting(RankedItem::getItemId).containsExactly("i4", "i2", "i1", "i3", "i5");
    assertThat(response.getParseIssues().get(0)).contains("triton down");
    assertThat(h.count("starec.stream.degraded", "reason", "error")).isEqualTo(1);
    // and nothing is kept to be rewarded
    assertThat(h.memory("u1")).isNull();
  }

  @Test
  void aResultOfTheWrongKindOrUserIsDropped() {
    h.results.pipeInput("u1", InferenceResult.newBuilder(TopologyHarness.result(task,
        List.of(InferenceOutput.newBuilder().setText("x").build()))).setUserId("someone-else").build(), T0);
    assertThat(h.responses.isEmpty()).isTrue();
    assertThat(h.count("starec.stream.results.dropped", "reason", "mismatch")).isEqualTo(1);
  }
}
