package io.starec.core.reflection;

import io.starec.avro.ChatMessage;
import io.starec.avro.ReflectionEntry;
import io.starec.avro.ReflectionInput;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * What slow thinking changes in a user's memory: a reflection rewrites the preference description and waits for
 * its indirect reward (paper 4.1.3). Pure, like {@link io.starec.core.memory.MemoryRules}.
 */
public final class ReflectionRules {

  /** Applied reflections a memory keeps for inspection (each with two capped descriptions: a few KB at most). */
  public static final int REFLECTION_LOG_SIZE = 5;
  /** Item titles in the reflection log are cut to this many characters. */
  static final int LOGGED_TITLE_CAP = 200;

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
   * Applies a reflection: the new (capped) description replaces the old one, the reflection is remembered so
   * that the next ranking made with it also rewards it (the paper's indirect memory reward), and it joins the
   * reflection log (the last {@value #REFLECTION_LOG_SIZE}: prediction, feedback, description before and after).
   *
   * @param about the prediction and feedback the reflection was asked about; null (a task stored by a version
   *     that did not keep them) leaves the log as it is
   */
  public static UserMemory applyReflection(UserMemory memory, String description, String reflectTaskId,
      List<ChatMessage> prompt, String completion, long eventMs, MemoryLimits limits, ReflectionInput about) {
    String capped = capDescription(description, limits.descriptionCap());
    List<ReflectionEntry> log = new ArrayList<>(memory.getReflections());
    if (about != null) {
      log.add(entry(memory.getDescription(), capped, reflectTaskId, eventMs, about));
      if (log.size() > REFLECTION_LOG_SIZE) {
        log = new ArrayList<>(log.subList(log.size() - REFLECTION_LOG_SIZE, log.size()));
      }
    }
    return UserMemory.newBuilder(memory)
        .setDescription(capped)
        .setReflections(log)
        .setReflectRewardTaskId(reflectTaskId)
        .setReflectPrompt(new ArrayList<>(prompt))
        .setReflectCompletion(completion == null ? "" : completion)
        .setReflectionCount(memory.getReflectionCount() + 1)
        .setUpdatedMs(Math.max(memory.getUpdatedMs(), eventMs)).build();
  }

  private static ReflectionEntry entry(String before, String after, String taskId, long eventMs,
      ReflectionInput about) {
    String title = about.getItem().getTitle();
    return ReflectionEntry.newBuilder().setTaskId(taskId).setEventMs(eventMs)
        .setItemId(about.getItem().getItemId()).setItemTitle(capDescription(title, LOGGED_TITLE_CAP))
        .setPredictedRank(about.getPredictedRank()).setCandidateCount(about.getCandidateCount())
        .setPredictedLiked(about.getPredictedLiked()).setActualLiked(about.getActualLiked())
        .setRating(about.getRating()).setInteractionType(about.getInteractionType())
        .setRankingRequestId(about.getRankingRequestId()).setDescriptionBefore(before == null ? "" : before)
        .setDescriptionAfter(after).build();
  }

  /** Forgets the reflection awaiting its reward (it has been emitted). */
  public static UserMemory clearReflectReward(UserMemory memory) {
    return UserMemory.newBuilder(memory).setReflectRewardTaskId(null).setReflectPrompt(new ArrayList<>())
        .setReflectCompletion("").build();
  }
}
