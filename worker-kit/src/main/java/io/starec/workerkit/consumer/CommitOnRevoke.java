package io.starec.workerkit.consumer;

import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * The rebalance listener of a consumer whose offsets an {@link OffsetTracker} keeps: before partitions are revoked
 * the service commits their finished work; then the tracker and the service forget them, so late finishes of their
 * records are ignored. Lost partitions can no longer be committed: they are only forgotten, and the next owner reads
 * everything uncommitted again. Runs on the poll thread, inside {@code poll}.
 */
public final class CommitOnRevoke implements ConsumerRebalanceListener {

  /** The service's side of a rebalance. */
  public interface Owner {

    /**
     * Partitions are about to be revoked: let their work finish (or become durable) and commit it, usually with
     * {@link io.starec.workerkit.consumer.OffsetCommitter#commitSync(Collection)}. A failure fails the poll.
     */
    void commitFinished(Collection<TopicPartition> revoked) throws Exception;

    /** Drops the service's own state of partitions that are gone (revoked after their commit, or lost). */
    void forget(Collection<TopicPartition> gone);

    /** Partitions newly assigned (where to resume, a log line). */
    default void assigned(Collection<TopicPartition> assigned) {}
  }

  private final OffsetTracker tracker;
  private final Owner owner;

  public CommitOnRevoke(OffsetTracker tracker, Owner owner) {
    this.tracker = tracker;
    this.owner = owner;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    if (revoked.isEmpty()) { // cooperative rebalancing calls this with nothing revoked
      return;
    }
    try {
      owner.commitFinished(revoked);
    } catch (Exception e) {
      throw new IllegalStateException("could not commit the finished work of " + revoked + " before giving them up",
          e);
    }
    forget(revoked);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    forget(lost);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    if (!assigned.isEmpty()) {
      owner.assigned(assigned);
    }
  }

  private void forget(Collection<TopicPartition> gone) {
    tracker.forget(gone);
    owner.forget(gone);
  }
}
