package io.starec.trainer.group;

import io.starec.avro.RewardRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Assembles GRPO groups from reward records. A group closes when it holds {@code groupSize} distinct rollouts,
 * or, partial, when its first record is older than the timeout, too many groups are open, or the open groups hold
 * more record bytes than their budget. Not thread-safe: the trainer's poll loop owns it.
 *
 * <p>A record for a group that already closed (a straggler past the timeout, or a redelivery) is "late" and is
 * not reopened into a new one-rollout group; a second record for a rollout already held is a "duplicate". The
 * caller releases the offsets of both at once, since nothing will be written for them.
 */
public final class GroupAssembler {

  /** What became of one added record. */
  public enum Outcome { PENDING, COMPLETED, DUPLICATE, LATE }

  /** @param completed the group this record completed, or null */
  public record AddResult(Outcome outcome, GrpoGroup completed) {}

  private static final class Open {
    final GroupKey key;
    final int expectedSize;
    final long firstSeenMs;
    final Map<Integer, GroupMember> byRollout = new LinkedHashMap<>();

    Open(GroupKey key, int expectedSize, long firstSeenMs) {
      this.key = key;
      this.expectedSize = expectedSize;
      this.firstSeenMs = firstSeenMs;
    }
  }

  private final long timeoutMs;
  private final int maxGroupSize;
  private final int maxOpenGroups;
  private final long maxOpenBytes;
  private final double epsilon;
  private final int closedMemory;
  // insertion order = first-seen order, so expiry scans from the head
  private final LinkedHashMap<GroupKey, Open> open = new LinkedHashMap<>();
  private final LinkedHashSet<GroupKey> recentlyClosed = new LinkedHashSet<>();
  private long openBytes;

  /**
   * @param timeoutMs a group is flushed partial this long after its first record arrived
   * @param maxGroupSize caps a record's groupSize (a corrupt value must not pin memory)
   * @param maxOpenGroups above this many open groups the oldest is flushed partial
   * @param maxOpenBytes above this many record bytes in open groups the oldest are flushed partial
   * @param closedMemory how many closed group keys are remembered to recognise late records
   */
  public GroupAssembler(long timeoutMs, int maxGroupSize, int maxOpenGroups, long maxOpenBytes, double epsilon,
                        int closedMemory) {
    if (timeoutMs < 0 || maxGroupSize < 1 || maxOpenGroups < 1 || maxOpenBytes < 1 || closedMemory < 0) {
      throw new IllegalArgumentException("invalid group assembler settings");
    }
    this.timeoutMs = timeoutMs;
    this.maxGroupSize = maxGroupSize;
    this.maxOpenGroups = maxOpenGroups;
    this.maxOpenBytes = maxOpenBytes;
    this.epsilon = epsilon;
    this.closedMemory = closedMemory;
  }

  public AddResult add(GroupMember member, long nowMs) {
    RewardRecord r = member.record();
    GroupKey key = new GroupKey(r.getTask(), r.getGroupId());
    if (recentlyClosed.contains(key)) {
      return new AddResult(Outcome.LATE, null);
    }
    Open group = open.get(key);
    if (group == null) {
      int expected = Math.max(1, Math.min(maxGroupSize, r.getGroupSize()));
      group = new Open(key, expected, nowMs);
      open.put(key, group);
    }
    if (group.byRollout.containsKey(r.getRollout())) {
      return new AddResult(Outcome.DUPLICATE, null);
    }
    group.byRollout.put(r.getRollout(), member);
    openBytes += member.bytes();
    if (group.byRollout.size() >= group.expectedSize) {
      return new AddResult(Outcome.COMPLETED, close(group, false));
    }
    return new AddResult(Outcome.PENDING, null);
  }

  /** Flushes (partial) every group whose first record is at least the timeout old, and the oldest over capacity. */
  public List<GrpoGroup> expire(long nowMs) {
    List<GrpoGroup> out = new ArrayList<>();
    Iterator<Open> it = open.values().iterator();
    while (it.hasNext()) {
      Open g = it.next();
      boolean overCapacity = open.size() > maxOpenGroups;
      if (!overCapacity && nowMs - g.firstSeenMs < timeoutMs) {
        break;
      }
      it.remove();
      out.add(closeDetached(g, true));
    }
    return out;
  }

  /**
   * Flushes (partial) the oldest groups while the open ones hold more record bytes than the budget, as {@link
   * #expire} does over the group count; called after each poll, so the budget is exceeded by one poll at most.
   */
  public List<GrpoGroup> shedOverBudget() {
    List<GrpoGroup> out = new ArrayList<>();
    Iterator<Open> it = open.values().iterator();
    while (openBytes > maxOpenBytes && it.hasNext()) {
      Open g = it.next();
      it.remove();
      out.add(closeDetached(g, true));
    }
    return out;
  }

  /** Flushes every open group as partial (used by tests and an explicit drain). */
  public List<GrpoGroup> flushAll() {
    List<GrpoGroup> out = new ArrayList<>();
    for (Open g : List.copyOf(open.values())) {
      open.remove(g.key);
      out.add(closeDetached(g, true));
    }
    return out;
  }

  /**
   * Forgets open groups that hold a record of a partition for which {@code revoked} is true, without closing
   * them (their offsets were not committed, so the partition's next owner reads them again). Returns the members
   * forgotten.
   */
  public List<GroupMember> discard(Predicate<TopicPartition> revoked) {
    List<GroupMember> dropped = new ArrayList<>();
    Iterator<Open> it = open.values().iterator();
    while (it.hasNext()) {
      Open g = it.next();
      if (g.byRollout.values().stream().anyMatch(m -> revoked.test(m.partition()))) {
        dropped.addAll(g.byRollout.values());
        it.remove();
        openBytes -= bytes(g);
      }
    }
    return dropped;
  }

  public int openGroups() {
    return open.size();
  }

  public int openRecords() {
    return open.values().stream().mapToInt(g -> g.byRollout.size()).sum();
  }

  /** Record bytes held by the open groups. */
  public long openBytes() {
    return openBytes;
  }

  private GrpoGroup close(Open g, boolean partial) {
    open.remove(g.key);
    return closeDetached(g, partial);
  }

  private GrpoGroup closeDetached(Open g, boolean partial) {
    openBytes -= bytes(g);
    remember(g.key);
    return GrpoGroup.close(g.key, new ArrayList<>(g.byRollout.values()), g.expectedSize, partial, epsilon);
  }

  private static long bytes(Open g) {
    return g.byRollout.values().stream().mapToLong(GroupMember::bytes).sum();
  }

  private void remember(GroupKey key) {
    if (closedMemory == 0) {
      return;
    }
    recentlyClosed.add(key);
    if (recentlyClosed.size() > closedMemory) {
      Set<GroupKey> view = recentlyClosed;
      Iterator<GroupKey> it = view.iterator();
      it.next();
      it.remove();
    }
  }
}
