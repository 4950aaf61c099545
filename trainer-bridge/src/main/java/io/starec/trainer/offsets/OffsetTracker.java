package io.starec.trainer.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed. A consumed record is pending until what it fed is durable (its group written
 * to a finished file) or it was dropped and counted; the committable offset of a partition is its smallest
 * pending offset, or one past the last consumed record when none is pending.
 *
 * <p>Released offsets above that watermark are remembered as "done": after a crash, the records between the
 * committed offset and the last consumed one are read again, and those already done can be skipped (the
 * trainer persists {@link #snapshot()} in its export manifest). Not thread-safe: the poll loop owns it.
 */
public final class OffsetTracker {

  private static final class State {
    final NavigableSet<Long> pending = new TreeSet<>();
    final NavigableSet<Long> done = new TreeSet<>();
    long next = -1; // one past the highest consumed offset
    long lastCommitted = -1;

    long watermark() {
      return pending.isEmpty() ? next : pending.first();
    }

    void prune() {
      long w = watermark();
      done.headSet(w, false).clear();
    }
  }

  /** A partition's watermark and the released offsets above it. */
  public record PartitionSnapshot(long watermark, List<Long> done) {}

  private final Map<TopicPartition, State> states = new HashMap<>();

  public void consumed(TopicPartition tp, long offset) {
    State s = states.computeIfAbsent(tp, k -> new State());
    s.pending.add(offset);
    if (offset + 1 > s.next) {
      s.next = offset + 1;
    }
  }

  /** Marks a consumed record as durable or dropped. Unknown partitions (revoked since) are ignored. */
  public void release(TopicPartition tp, long offset) {
    State s = states.get(tp);
    if (s == null || !s.pending.remove(offset)) {
      return;
    }
    s.done.add(offset);
    s.prune();
  }

  /** Marks an offset seen and immediately done (a record skipped on replay). */
  public void skipped(TopicPartition tp, long offset) {
    consumed(tp, offset);
    release(tp, offset);
  }

  public OptionalLong committable(TopicPartition tp) {
    State s = states.get(tp);
    if (s == null || s.next < 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(s.watermark());
  }

  /** Partitions whose committable offset moved past the last commit, with that offset. */
  public Map<TopicPartition, Long> toCommit() {
    Map<TopicPartition, Long> out = new HashMap<>();
    states.forEach((tp, s) -> {
      if (s.next >= 0 && s.watermark() > s.lastCommitted) {
        out.put(tp, s.watermark());
      }
    });
    return out;
  }

  public void committed(Map<TopicPartition, Long> offsets) {
    offsets.forEach((tp, off) -> {
      State s = states.get(tp);
      if (s != null && off > s.lastCommitted) {
        s.lastCommitted = off;
      }
    });
  }

  public int pending(TopicPartition tp) {
    State s = states.get(tp);
    return s == null ? 0 : s.pending.size();
  }

  public int pendingTotal() {
    return states.values().stream().mapToInt(s -> s.pending.size()).sum();
  }

  public void forget(TopicPartition tp) {
    states.remove(tp);
  }

  public Map<TopicPartition, PartitionSnapshot> snapshot() {
    Map<TopicPartition, PartitionSnapshot> out = new HashMap<>();
    states.forEach((tp, s) -> {
      if (s.next >= 0) {
        out.put(tp, new PartitionSnapshot(s.watermark(), List.copyOf(s.done)));
      }
    });
    return out;
  }
}
