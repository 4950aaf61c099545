package io.starec.core.reflection;

import io.starec.avro.ChatMessage;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * What slow thinking changes in a user's memory: a reflection rewrites the preference description and waits for
 * its indirect reward (paper 4.1.3). Pure, like {@link io.starec.core.memory.MemoryRules}.
 */
public final class ReflectionRules {

  private ReflectionRules() {}

  /** The preference description, trimmed and cut to {@code cap} characters (never inside a surrogate pair). */
  public static String capDescription(String description, int cap) {
    if (description == null) {
      return "";
    }
    String d = description.strip();
    if (d.length() <= cap) {
      return d;
    }
    int end = cap;
    if (Character.isHighSurrogate(d.charAt(end - 1))) {
      end--;
    }
    return d.substring(0, end).stripTrailing();
  }

  /**
   * Applies a reflection: the new (capped) description replaces the old one, and the reflection is remembered so
   * that the next ranking made with it also rewards it (the paper's indirect memory reward).
   */
  public static UserMemory applyReflection(UserMemory memory, String description, String reflectTaskId,
      List<ChatMessage> prompt, String completion, long eventMs, MemoryLimits limits) {
    return UserMemory.newBuilder(memory)
        .setDescription(capDescription(description, limits.descriptionCap()))
        .setReflectRewardTaskId(reflectTaskId)
        .setReflectPrompt(new ArrayList<>(prompt))
        .setReflectCompletion(completion == null ? "" : completion)
        .setReflectionCount(memory.getReflectionCount() + 1)
        .setUpdatedMs(Math.max(memory.getUpdatedMs(), eventMs)).build();
  }

  /** Forgets the reflection awaiting its reward (it has been emitted). */
  public static UserMemory clearReflectReward(UserMemory memory) {
    return UserMemory.newBuilder(memory).setReflectRewardTaskId(null).setReflectPrompt(new ArrayList<>())
        .setReflectCompletion("").build();
  }
}
