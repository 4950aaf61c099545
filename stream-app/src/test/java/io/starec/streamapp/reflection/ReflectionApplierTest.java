package io.starec.streamapp.reflection;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.ChatMessage;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InflightTask;
import io.starec.avro.InteractionType;
import io.starec.avro.ReflectionEntry;
import io.starec.avro.ReflectionInput;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.memory.MemoryRules;
import io.starec.streamapp.metrics.AppMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReflectionApplierTest {

  private final AppMetrics metrics = AppMetrics.inMemory();
  private final ReflectionApplier applier = new ReflectionApplier(MemoryLimits.defaults(), metrics);
  private final InflightTask task = InflightTask.newBuilder().setTaskId("e1:reflect").setKind(TaskKind.REFLECT)
      .setUserId("u1").setGroupId("e1:reflect").setRollouts(1).setCreatedMs(1_000).setDeadlineMs(9_000).build();

  private static InferenceResult result(String updatedDescription, String error) {
    List<InferenceOutput> outputs = updatedDescription == null && error != null ? List.of()
        : List.of(InferenceOutput.newBuilder().setRollout(0).setText("<think>hm</think> Updated User description: "
            + updatedDescription).setUpdatedDescription(updatedDescription).build());
    return InferenceResult.newBuilder().setTaskId("e1:reflect").setKind(TaskKind.REFLECT).setUserId("u1")
        .setOutputs(outputs).setPromptMessages(List.of(new ChatMessage("user", "reflect"))).setBackend("test")
        .setModelVersion("v1").setError(error).build();
  }

  @Test
  void aReflectionRewritesTheDescriptionAndAwaitsItsReward() {
    // Given a user with a description
    UserMemory before = UserMemory.newBuilder(MemoryRules.cold("u1", null)).setDescription("Likes comedies.")
        .build();
    // When the reflection result arrives
    UserMemory after = applier.apply(task, result("Prefers quiet dramas.", null), () -> before).orElseThrow();
    // Then the description is replaced and the reflection remembered for its indirect reward
    assertThat(after.getDescription()).isEqualTo("Prefers quiet dramas.");
    assertThat(after.getReflectRewardTaskId()).isEqualTo("e1:reflect");
    assertThat(after.getReflectPrompt()).containsExactly(new ChatMessage("user", "reflect"));
    assertThat(after.getReflectCompletion()).startsWith("<think>hm</think>");
    assertThat(after.getReflectionCount()).isEqualTo(1);
    assertThat(after.getUpdatedMs()).isEqualTo(1_000);
    assertThat(metrics.count("starec.stream.reflections", "event", "applied")).isEqualTo(1);
  }

  @Test
  void aReflectionIsLoggedWithWhatWasPredictedWhatHappenedAndBothDescriptions() {
    // Given a user with a description, and a reflection task about item i2 (ranked 2nd of 20, then rated 1)
    UserMemory before = UserMemory.newBuilder(MemoryRules.cold("u1", null)).setDescription("Likes comedies.")
        .build();
    ReflectionInput about = ReflectionInput.newBuilder()
        .setItem(CandidateItem.newBuilder().setItemId("i2").setTitle("Movie i2").build()).setPredictedRank(2)
        .setCandidateCount(20).setPredictedLiked(true).setActualLiked(false).setRating(1.0)
        .setInteractionType(InteractionType.RATE).setRankingRequestId("r1").build();
    InflightTask withInputs = InflightTask.newBuilder(task).setReflection(about).build();
    // When its result arrives
    UserMemory after = applier.apply(withInputs, result("Prefers quiet dramas.", null), () -> before)
        .orElseThrow();
    // Then the memory's reflection log holds it
    assertThat(after.getReflections()).hasSize(1);
    ReflectionEntry entry = after.getReflections().get(0);
    assertThat(entry.getTaskId()).isEqualTo("e1:reflect");
    assertThat(entry.getItemTitle()).isEqualTo("Movie i2");
    assertThat(entry.getPredictedRank()).isEqualTo(2);
    assertThat(entry.getActualLiked()).isFalse();
    assertThat(entry.getDescriptionBefore()).isEqualTo("Likes comedies.");
    assertThat(entry.getDescriptionAfter()).isEqualTo("Prefers quiet dramas.");
    assertThat(entry.getEventMs()).isEqualTo(1_000);
  }

  @Test
  void aResultWithoutADescriptionFailsWithoutReadingTheMemory() {
    AtomicInteger reads = new AtomicInteger();
    // When the gateway failed, or the model wrote no updated description
    assertThat(applier.apply(task, result(null, "UNAVAILABLE"), () -> {
      reads.incrementAndGet();
      return MemoryRules.cold("u1", null);
    })).isEmpty();
    assertThat(applier.apply(task, result("  ", null), () -> {
      reads.incrementAndGet();
      return MemoryRules.cold("u1", null);
    })).isEmpty();
    // Then nothing is applied, and both are counted as failed
    assertThat(reads).hasValue(0);
    assertThat(metrics.count("starec.stream.reflections", "event", "failed")).isEqualTo(2);
    assertThat(metrics.count("starec.stream.reflections", "event", "applied")).isZero();
  }
}
