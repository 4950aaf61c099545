package io.starec.core.reflection;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.ChatMessage;
import io.starec.avro.InteractionType;
import io.starec.avro.ReflectionEntry;
import io.starec.avro.ReflectionInput;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.memory.MemoryRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReflectionRulesTest {

  private final MemoryLimits limits = new MemoryLimits(40, 3, 1_000, 20);

  @Test
  void descriptionIsTrimmedAndCapped() {
    assertThat(ReflectionRules.capDescription("  likes noir  ", 20)).isEqualTo("likes noir");
    assertThat(ReflectionRules.capDescription("x".repeat(30), 20)).hasSize(20);
    assertThat(ReflectionRules.capDescription(null, 20)).isEmpty();
    // a surrogate pair is never cut in half
    String emoji = "a".repeat(19) + "\uD83C\uDFAC";
    assertThat(ReflectionRules.capDescription(emoji, 20)).isEqualTo("a".repeat(19));
  }

  @Test
  void reflectionReplacesTheDescriptionAndRemembersTheTaskUntilCleared() {
    UserMemory m = MemoryRules.cold("u1", null);
    List<ChatMessage> prompt = List.of(new ChatMessage("user", "reflect"));
    UserMemory reflected = ReflectionRules.applyReflection(m, "likes slow sci-fi and documentaries", "e9:reflect",
        prompt, "<think>..</think>", 77, limits, null);
    assertThat(reflected.getDescription()).hasSize(20);
    assertThat(reflected.getReflectRewardTaskId()).isEqualTo("e9:reflect");
    assertThat(reflected.getReflectPrompt()).isEqualTo(prompt);
    assertThat(reflected.getReflectionCount()).isEqualTo(1);
    UserMemory cleared = ReflectionRules.clearReflectReward(reflected);
    assertThat(cleared.getReflectRewardTaskId()).isNull();
    assertThat(cleared.getReflectPrompt()).isEmpty();
    assertThat(cleared.getDescription()).isEqualTo(reflected.getDescription());
    // and a reflection without its inputs (a task from an older version) leaves the log alone
    assertThat(reflected.getReflections()).isEmpty();
  }

  @Test
  void theReflectionLogKeepsPredictionFeedbackAndBothDescriptionsOfTheLastFive() {
    // Given a user whose description is "d0"
    UserMemory m = UserMemory.newBuilder(MemoryRules.cold("u1", null)).setDescription("d0").build();
    // When seven reflections apply, the n-th about item i<n>, predicted 2nd of 20 but disliked
    for (int n = 1; n <= 7; n++) {
      m = ReflectionRules.applyReflection(m, "d" + n, "e" + n + ":reflect", List.of(), "", n, limits, about(n));
    }
    // Then the log holds the last five, oldest first, each with the description it replaced and the one it wrote
    List<ReflectionEntry> log = m.getReflections();
    assertThat(log).hasSize(ReflectionRules.REFLECTION_LOG_SIZE);
    assertThat(log).extracting(ReflectionEntry::getTaskId)
        .containsExactly("e3:reflect", "e4:reflect", "e5:reflect", "e6:reflect", "e7:reflect");
    ReflectionEntry last = log.get(4);
    assertThat(last.getDescriptionBefore()).isEqualTo("d6");
    assertThat(last.getDescriptionAfter()).isEqualTo("d7");
    assertThat(last.getItemId()).isEqualTo("i7");
    assertThat(last.getItemTitle()).hasSize(200).startsWith("Title 7");
    assertThat(last.getPredictedRank()).isEqualTo(2);
    assertThat(last.getCandidateCount()).isEqualTo(20);
    assertThat(last.getPredictedLiked()).isTrue();
    assertThat(last.getActualLiked()).isFalse();
    assertThat(last.getRating()).isEqualTo(1.0);
    assertThat(last.getInteractionType()).isEqualTo(InteractionType.RATE);
    assertThat(last.getRankingRequestId()).isEqualTo("r7");
    assertThat(last.getEventMs()).isEqualTo(7);
    assertThat(m.getDescription()).isEqualTo("d7");
    assertThat(m.getReflectionCount()).isEqualTo(7);
  }

  /** The n-th reflection's inputs: item i<n> with an overlong title, ranked 2nd of 20, rated 1. */
  private static ReflectionInput about(int n) {
    CandidateItem item = CandidateItem.newBuilder().setItemId("i" + n).setTitle("Title " + n + " " + "x".repeat(300))
        .build();
    return ReflectionInput.newBuilder().setItem(item).setPredictedRank(2).setCandidateCount(20)
        .setPredictedLiked(true).setActualLiked(false).setRating(1.0).setInteractionType(InteractionType.RATE)
        .setRankingRequestId("r" + n).build();
  }
}
