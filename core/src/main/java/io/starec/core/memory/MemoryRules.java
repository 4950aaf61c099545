package io.starec.core.memory;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.PendingRanking;
import io.starec.avro.RolloutRanking;
import io.starec.avro.UserMemory;
import io.starec.avro.UserProfile;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rules that change a user's memory. Pure: each returns a new {@link UserMemory} and never reads a clock, so
 * replaying the same events rebuilds the same memory, byte for byte. What a reflection changes is in
 * {@link io.starec.core.reflection.ReflectionRules}.
 */
public final class MemoryRules {

  private MemoryRules() {}

  /** A memory for a user seen for the first time, with demographics from the profile when there is one. */
  public static UserMemory cold(String userId, UserProfile profile) {
    UserMemory.Builder b = UserMemory.newBuilder().setUserId(Objects.requireNonNull(userId, "userId"))
        .setDescription("").setHistory(new ArrayList<>()).setPending(new ArrayList<>())
        .setReflectPrompt(new ArrayList<>()).setReflections(new ArrayList<>());
    if (profile != null) {
      b.setGender(profile.getGender()).setAge(profile.getAge()).setOccupation(profile.getOccupation());
    }
    return b.build();
  }

  /** True when the event is already in the history (re-sent events are applied once). */
  public static boolean hasEvent(UserMemory memory, String eventId) {
    for (HistoryEntry e : memory.getHistory()) {
      if (e.getEventId().equals(eventId)) {
        return true;
      }
    }
    return false;
  }

  /** Appends an interaction; the oldest entries go once the history is longer than the limit. */
  public static UserMemory appendHistory(UserMemory memory, HistoryEntry entry, MemoryLimits limits) {
    List<HistoryEntry> history = new ArrayList<>(memory.getHistory());
    history.add(entry);
    int excess = history.size() - limits.historySize();
    if (excess > 0) {
      history = new ArrayList<>(history.subList(excess, history.size()));
    }
    return UserMemory.newBuilder(memory).setHistory(history)
        .setInteractionCount(memory.getInteractionCount() + 1)
        .setUpdatedMs(Math.max(memory.getUpdatedMs(), entry.getTimestampMs())).build();
  }

  /** The pending rankings still within their TTL at event time {@code nowMs}. */
  public static List<PendingRanking> livePending(List<PendingRanking> pending, long nowMs, MemoryLimits limits) {
    List<PendingRanking> live = new ArrayList<>(pending.size());
    for (PendingRanking p : pending) {
      if (nowMs - p.getCreatedMs() <= limits.pendingTtlMs()) {
        live.add(p);
      }
    }
    return live;
  }

  /** Drops pending rankings older than the TTL at event time {@code nowMs}. */
  public static UserMemory expirePending(UserMemory memory, long nowMs, MemoryLimits limits) {
    List<PendingRanking> live = livePending(memory.getPending(), nowMs, limits);
    if (live.size() == memory.getPending().size()) {
      return memory;
    }
    return UserMemory.newBuilder(memory).setPending(live).build();
  }

  /**
   * Stores a ranking awaiting ground truth: expired ones and one with the same task id go, then only the last
   * {@code pendingRankings} are kept.
   */
  public static UserMemory addPending(UserMemory memory, PendingRanking ranking, long nowMs, MemoryLimits limits) {
    List<PendingRanking> pending = new ArrayList<>();
    for (PendingRanking p : livePending(memory.getPending(), nowMs, limits)) {
      if (!p.getTaskId().equals(ranking.getTaskId())) {
        pending.add(p);
      }
    }
    pending.add(ranking);
    int excess = pending.size() - limits.pendingRankings();
    if (excess > 0) {
      pending = new ArrayList<>(pending.subList(excess, pending.size()));
    }
    return UserMemory.newBuilder(memory).setPending(pending)
        .setUpdatedMs(Math.max(memory.getUpdatedMs(), nowMs)).build();
  }

  /** Marks the given pending rankings resolved (their rewards have been emitted). */
  public static UserMemory markResolved(UserMemory memory, Collection<String> taskIds) {
    if (taskIds.isEmpty()) {
      return memory;
    }
    List<PendingRanking> pending = new ArrayList<>(memory.getPending().size());
    for (PendingRanking p : memory.getPending()) {
      pending.add(taskIds.contains(p.getTaskId()) && !p.getResolved()
          ? PendingRanking.newBuilder(p).setResolved(true).setRollouts(withoutFeatures(p.getRollouts())).build()
          : p);
    }
    return UserMemory.newBuilder(memory).setPending(pending).build();
  }

  /** A resolved ranking's rewards are out, so its policy features (the bulk of it) are dead weight in memory. */
  private static List<RolloutRanking> withoutFeatures(List<RolloutRanking> rollouts) {
    List<RolloutRanking> out = new ArrayList<>(rollouts.size());
    for (RolloutRanking r : rollouts) {
      out.add(r.getPolicyFeatures() == null ? r
          : RolloutRanking.newBuilder(r).setPolicyFeatures(null).build());
    }
    return out;
  }

  /** What a prompt needs of the memory; {@code items} gives each history item's metadata. */
  public static MemorySnapshot snapshot(UserMemory memory, Function<String, CandidateItem> items) {
    List<CandidateItem> historyItems = new ArrayList<>(memory.getHistory().size());
    for (HistoryEntry e : memory.getHistory()) {
      historyItems.add(items.apply(e.getItemId()));
    }
    return MemorySnapshot.newBuilder().setUserId(memory.getUserId()).setGender(memory.getGender())
        .setAge(memory.getAge()).setOccupation(memory.getOccupation()).setDescription(memory.getDescription())
        .setHistory(new ArrayList<>(memory.getHistory())).setHistoryItems(historyItems).build();
  }
}
