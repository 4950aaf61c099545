package io.starec.streamapp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.avro.ChatMessage;
import io.starec.avro.PendingRanking;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RolloutRanking;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.schemas.json.AvroJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryViewsTest {

  /** A memory holding every kind of training-only data: a reflection's prompt and completion, a ranking's too. */
  private static UserMemory memory() {
    PolicyFeatures features = PolicyFeatures.newBuilder().setNames(List.of("liked_sim"))
        .setItemIds(List.of("i1")).setValues(List.of(0.5)).setOrder(List.of(0)).build();
    PendingRanking p = PendingRanking.newBuilder().setRequestId("r1").setTaskId("r1:rank").setGroupId("r1:rank")
        .setCreatedMs(5).setCandidateItemIds(List.of("i1")).setPromptMessages(List.of(new ChatMessage("user",
            "PROMPT-SECRET")))
        .setRollouts(List.of(RolloutRanking.newBuilder().setRollout(0).setRankedItemIds(List.of("i1"))
            .setCompletion("COMPLETION-SECRET").setPolicyFeatures(features).build())).build();
    return UserMemory.newBuilder(MemoryRules.cold("u1", null)).setDescription("Likes <b>noir</b>")
        .setPending(List.of(p)).setReflectPrompt(List.of(new ChatMessage("user", "REFLECT-PROMPT")))
        .setReflectCompletion("REFLECT-COMPLETION").build();
  }

  @Test
  void theRedactedViewKeepsTheAgentAndDropsWhatOnlyTrainingNeeds() {
    // When the memory is rendered redacted
    ObjectNode json = MemoryViews.REDACTED.render(memory());
    String text = AvroJson.write(json);
    // Then no prompt, completion or feature is in it
    assertThat(text).doesNotContain("PROMPT-SECRET", "COMPLETION-SECRET", "REFLECT-PROMPT", "REFLECT-COMPLETION",
        "policyFeatures", "promptMessages", "reflectPrompt");
    // and the agent is: description (as data, not markup), the pending ranking's served items
    assertThat(json.get("view").asText()).isEqualTo("redacted");
    assertThat(json.get("description").asText()).isEqualTo("Likes <b>noir</b>");
    assertThat(json.at("/pending/0/rollouts/0/rankedItemIds/0").asText()).isEqualTo("i1");
    assertThat(json.at("/pending/0/requestId").asText()).isEqualTo("r1");
  }

  @Test
  void theFullViewIsTheStoredRecord() {
    String text = AvroJson.write(MemoryViews.FULL.render(memory()));
    assertThat(text).startsWith("{\"view\":\"full\"").contains("PROMPT-SECRET", "COMPLETION-SECRET",
        "REFLECT-COMPLETION", "\"policyFeatures\":{");
  }

  @Test
  void viewsAreNamedInTheQuery() {
    assertThat(MemoryViews.parse(null)).isEqualTo(MemoryViews.REDACTED);
    assertThat(MemoryViews.parse("")).isEqualTo(MemoryViews.REDACTED);
    assertThat(MemoryViews.parse("full")).isEqualTo(MemoryViews.FULL);
    assertThatThrownBy(() -> MemoryViews.parse("everything")).hasMessageContaining("redacted or full");
  }
}
