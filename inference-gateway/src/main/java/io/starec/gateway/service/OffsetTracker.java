package io.starec.gateway.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed while tasks finish out of order: per partition the set of polled but
 * unfinished offsets; the committable position is the lowest unfinished offset, or one past the highest polled
 * when none is left. A restart therefore re-reads every task whose result was not yet written (duplicates
 * possible, losses not). Thread-safe: workers finish, the poll thread polls and commits.
 */
public final class OffsetTracker {

  private static final class Partition {
    final TreeSet<Long> unfinished = new TreeSet<>();
    long next = -1;
    long committed = -1;
    int dispatched;
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  /** A record was polled. */
  public synchronized void polled(TopicPartition tp, long offset) {
    Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
    p.unfinished.add(offset);
    p.next = Math.max(p.next, offset + 1);
  }

  /** A polled record was handed to a worker. */
  public synchronized void dispatched(TopicPartition tp) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.dispatched++;
    }
  }

  /** A record's result (or DLQ entry) was written. Unknown partitions (revoked meanwhile) are ignored. */
  public synchronized void finished(TopicPartition tp, long offset, boolean wasDispatched) {
    Partition p = partitions.get(tp);
    if (p != null && p.unfinished.remove(offset) && wasDispatched) {
      p.dispatched--;
    }
    notifyAll();
  }

  /** A dispatched record will not finish (its result could not be written): it stays unfinished. */
  public synchronized void undispatch(TopicPartition tp) {
    Partition p = partitions.get(tp);
    if (p != null && p.dispatched > 0) {
      p.dispatched--;
    }
    notifyAll();
  }

  /** Offsets to commit now: partitions whose committable position moved since the last commit. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long pos = position(p);
      if (pos >= 0 && pos > p.committed) {
        out.put(tp, new OffsetAndMetadata(pos));
      }
    });
    return out;
  }

  /** The committable offsets of some partitions (for a revocation). */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : tps) {
      Partition p = partitions.get(tp);
      if (p != null) {
        long pos = position(p);
        if (pos >= 0 && pos > p.committed) {
          out.put(tp, new OffsetAndMetadata(pos));
        }
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

  private static long position(Partition p) {
    if (p.next < 0) {
      return -1;
    }
    return p.unfinished.isEmpty() ? p.next : p.unfinished.first();
  }

  /** Waits until no dispatched task of these partitions is unfinished, or the time is up. */
  public synchronized boolean awaitDispatched(Collection<TopicPartition> tps, long timeoutMs)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      int left = 0;
      for (TopicPartition tp : tps) {
        Partition p = partitions.get(tp);
        left += p == null ? 0 : p.dispatched;
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

  /** Polled and unfinished records of all partitions. */
  public synchronized int unfinished() {
    int n = 0;
    for (Partition p : partitions.values()) {
      n += p.unfinished.size();
    }
    return n;
  }

  /** Dispatched and unfinished records of all partitions. */
  public synchronized int dispatched() {
    int n = 0;
    for (Partition p : partitions.values()) {
      n += p.dispatched;
    }
    return n;
  }
}
