package io.starec.core.reflection;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.ChatMessage;
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
        prompt, "<think>..</think>", 77, limits);
    assertThat(reflected.getDescription()).hasSize(20);
    assertThat(reflected.getReflectRewardTaskId()).isEqualTo("e9:reflect");
    assertThat(reflected.getReflectPrompt()).isEqualTo(prompt);
    assertThat(reflected.getReflectionCount()).isEqualTo(1);
    UserMemory cleared = ReflectionRules.clearReflectReward(reflected);
    assertThat(cleared.getReflectRewardTaskId()).isNull();
    assertThat(cleared.getReflectPrompt()).isEmpty();
    assertThat(cleared.getDescription()).isEqualTo(reflected.getDescription());
  }
}
