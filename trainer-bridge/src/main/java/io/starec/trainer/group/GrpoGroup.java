package io.starec.trainer.group;

import io.starec.core.policy.learn.GroupAdvantages;
import java.util.List;

/**
 * A closed GRPO group: its members sorted by rollout, rewards, and group-relative advantages.
 *
 * @param partial true when the group was flushed by the timeout (or capacity) before reaching its groupSize
 * @param status whether the group may feed a GRPO batch
 */
public record GrpoGroup(GroupKey key, List<GroupMember> members, int expectedSize, boolean partial,
                        double[] rewards, double[] advantages, Status status) {

  public enum Status {
    /** At least two rollouts with different rewards: it carries a learning signal. */
    OK,
    /** Fewer than two rollouts: no group baseline. */
    TOO_SMALL,
    /** Every reward equal: every advantage is zero. */
    ZERO_VARIANCE
  }

  public boolean trainable() {
    return status == Status.OK;
  }

  public int size() {
    return members.size();
  }

  /** Closes a group: sorts by rollout, computes advantages and the status. */
  public static GrpoGroup close(GroupKey key, List<GroupMember> members, int expectedSize, boolean partial,
                                double epsilon) {
    List<GroupMember> sorted = members.stream()
        .sorted(java.util.Comparator.comparingInt(m -> m.record().getRollout()))
        .toList();
    double[] rewards = sorted.stream().mapToDouble(m -> m.record().getReward()).toArray();
    Status status;
    if (sorted.size() < 2) {
      status = Status.TOO_SMALL;
    } else if (GroupAdvantages.allEqual(rewards)) {
      status = Status.ZERO_VARIANCE;
    } else {
      status = Status.OK;
    }
    double[] advantages = status == Status.OK ? GroupAdvantages.compute(rewards, epsilon) : new double[rewards.length];
    return new GrpoGroup(key, sorted, expectedSize, partial, rewards, advantages, status);
  }
}
