package io.starec.workerkit.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets a consumer may commit while its records finish out of order. Per partition it keeps the polled
 * records whose work is not finished; the committable position is the lowest unfinished offset, or one past the
 * highest polled when none is left. A restart therefore re-reads every record whose work was not finished
 * (duplicates possible, losses not).
 *
 * <p>A record handed to a worker thread is also <em>running</em> until it finishes or is abandoned (its work
 * failed and stays unfinished, so the next owner redoes it); revocation and shutdown wait for running records
 * ({@link #awaitRunning}).
 *
 * <p>A tracker from {@link #rememberingFinished()} also keeps the finished offsets above the committable position
 * ({@link #snapshot()}): a consumer that persists them can skip, after a crash, the records between the committed
 * offset and the last polled one that were already finished. Only such a tracker keeps them, since a record that
 * never finishes would otherwise let that set grow without bound.
 *
 * <p>Thread-safe: workers finish records, the poll thread polls and commits.
 */
public final class OffsetTracker {

  private static final class Partition {
    final NavigableSet<Long> unfinished = new TreeSet<>();
    final Set<Long> running = new HashSet<>();
    final NavigableSet<Long> finishedAbove; // null when not remembered
    long next = -1; // one past the highest polled offset
    long committed = -1;

    Partition(boolean rememberFinished) {
      finishedAbove = rememberFinished ? new TreeSet<>() : null;
    }

    long position() {
      return unfinished.isEmpty() ? next : unfinished.first();
    }
  }

  /** A partition's committable position ({@code watermark}) and the finished offsets above it. */
  public record PartitionSnapshot(long watermark, List<Long> done) {}

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  private final boolean rememberFinished;

  private OffsetTracker(boolean rememberFinished) {
    this.rememberFinished = rememberFinished;
  }

  /** A tracker for a consumer that only needs to know what to commit. */
  public static OffsetTracker create() {
    return new OffsetTracker(false);
  }

  /** A tracker that also remembers the finished offsets above the committable position, for {@link #snapshot()}. */
  public static OffsetTracker rememberingFinished() {
    return new OffsetTracker(true);
  }

  /** A record was polled; its work is unfinished. */
  public synchronized void polled(TopicPartition tp, long offset) {
    Partition p = partitions.computeIfAbsent(tp, k -> new Partition(rememberFinished));
    p.unfinished.add(offset);
    p.next = Math.max(p.next, offset + 1);
  }

  /** A polled record was handed to a worker. */
  public synchronized void dispatched(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null && p.unfinished.contains(offset)) {
      p.running.add(offset);
    }
  }

  /**
   * A record's work is finished (its output written, or it was dropped and counted). Unknown partitions (revoked
   * meanwhile) and records that are not unfinished are ignored.
   */
  public synchronized void finished(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null && p.unfinished.remove(offset)) {
      p.running.remove(offset);
      if (p.finishedAbove != null) {
        p.finishedAbove.add(offset);
        p.finishedAbove.headSet(p.position(), false).clear();
      }
    }
    notifyAll();
  }

  /** A running record will not finish here (its output could not be written): it stays unfinished. */
  public synchronized void abandoned(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.running.remove(offset);
    }
    notifyAll();
  }

  /** A record seen and finished at once (skipped because it was finished before a restart). */
  public synchronized void skipped(TopicPartition tp, long offset) {
    polled(tp, offset);
    finished(tp, offset);
  }

  /** The committable position of a partition; empty when nothing was polled from it. */
  public synchronized OptionalLong position(TopicPartition tp) {
    Partition p = partitions.get(tp);
    return p == null || p.next < 0 ? OptionalLong.empty() : OptionalLong.of(p.position());
  }

  /** Offsets to commit now: the partitions whose committable position moved since their last commit. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    return committable(partitions.keySet());
  }

  /** As {@link #committable()}, for some partitions only (a revocation). */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : tps) {
      Partition p = partitions.get(tp);
      if (p != null && p.next >= 0 && p.position() > p.committed) {
        out.put(tp, new OffsetAndMetadata(p.position()));
      }
    }
    return out;
  }

  /** Records that a commit succeeded. */
  public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> {
      Partition p = partitions.get(tp);
      if (p != null) {
        p.committed = Math.max(p.committed, o.offset());
      }
    });
  }

  /** Waits until no record of these partitions is running, or the time is up; true when none is. */
  public synchronized boolean awaitRunning(Collection<TopicPartition> tps, long timeoutMs) throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      int left = 0;
      for (TopicPartition tp : tps) {
        Partition p = partitions.get(tp);
        left += p == null ? 0 : p.running.size();
      }
      long wait = end - System.currentTimeMillis();
      if (left == 0) {
        return true;
      }
      if (wait <= 0) {
        return false;
      }
      wait(wait);
    }
  }

  /** Forgets partitions (revoked or lost); their late finishes are ignored. */
  public synchronized void forget(Collection<TopicPartition> tps) {
    tps.forEach(partitions::remove);
  }

  /** Unfinished records of all partitions. */
  public synchronized int unfinished() {
    return partitions.values().stream().mapToInt(p -> p.unfinished.size()).sum();
  }

  /** Unfinished records of one partition. */
  public synchronized int unfinished(TopicPartition tp) {
    Partition p = partitions.get(tp);
    return p == null ? 0 : p.unfinished.size();
  }

  /** Running records of all partitions. */
  public synchronized int running() {
    return partitions.values().stream().mapToInt(p -> p.running.size()).sum();
  }

  /** Per partition polled from: its committable position and the finished offsets above it. */
  public synchronized Map<TopicPartition, PartitionSnapshot> snapshot() {
    if (!rememberFinished) {
      throw new IllegalStateException("this tracker does not remember finished offsets; use rememberingFinished()");
    }
    Map<TopicPartition, PartitionSnapshot> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      if (p.next >= 0) {
        out.put(tp, new PartitionSnapshot(p.position(), List.copyOf(p.finishedAbove)));
      }
    });
    return out;
  }
}
