package io.starec.workerkit.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what an {@link OffsetTracker} says is finished, and tells the tracker what was committed. Call it from
 * the poll thread (the consumer is not thread-safe).
 */
public final class OffsetCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

  private final Consumer<?, ?> consumer;
  private final OffsetTracker tracker;
  private final Duration syncTimeout; // null: the consumer's default.api.timeout.ms

  /** Synchronous commits wait as long as the consumer's {@code default.api.timeout.ms}. */
  public OffsetCommitter(Consumer<?, ?> consumer, OffsetTracker tracker) {
    this(consumer, tracker, null);
  }

  /** Synchronous commits wait at most {@code syncTimeout}. */
  public OffsetCommitter(Consumer<?, ?> consumer, OffsetTracker tracker, Duration syncTimeout) {
    this.consumer = consumer;
    this.tracker = tracker;
    this.syncTimeout = syncTimeout;
  }

  /** Commits, waiting, every partition whose position moved; returns what was committed (empty: nothing was due). */
  public Map<TopicPartition, OffsetAndMetadata> commitSync() {
    return commitSync(tracker.committable());
  }

  /** As {@link #commitSync()}, for some partitions only (before they are revoked). */
  public Map<TopicPartition, OffsetAndMetadata> commitSync(Collection<TopicPartition> partitions) {
    return commitSync(tracker.committable(partitions));
  }

  private Map<TopicPartition, OffsetAndMetadata> commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return offsets;
    }
    if (syncTimeout == null) {
      consumer.commitSync(offsets);
    } else {
      consumer.commitSync(offsets, syncTimeout);
    }
    tracker.committed(offsets);
    return offsets;
  }

  /** Commits every partition whose position moved without waiting; a failure is left to the next commit. */
  public void commitAsync() {
    Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(offsets, (committed, ex) -> {
      if (ex == null) {
        tracker.committed(committed);
      } else {
        LOG.debug("async commit failed (the next one retries): {}", ex.toString());
      }
    });
  }
}
