package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OffsetCommitterTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final OffsetTracker tracker = OffsetTracker.create();

  @BeforeEach
  void assign() {
    consumer.assign(List.of(P0, P1)); // MockConsumer reports commits of assigned partitions only
  }

  private Map<TopicPartition, OffsetAndMetadata> committed() {
    return consumer.committed(Set.of(P0, P1));
  }

  @Test
  void aSyncCommitCoversFinishedWorkOnlyAndIsNotRepeated() {
    OffsetCommitter committer = new OffsetCommitter(consumer, tracker);
    tracker.polled(P0, 0);
    tracker.polled(P0, 1);
    tracker.finished(P0, 0);

    assertThat(committer.commitSync()).containsOnly(Map.entry(P0, new OffsetAndMetadata(1)));
    assertThat(committed()).containsEntry(P0, new OffsetAndMetadata(1));
    // nothing moved since: nothing to commit
    assertThat(committer.commitSync()).isEmpty();
  }

  @Test
  void aRevocationCommitsTheGivenPartitionsOnly() {
    OffsetCommitter committer = new OffsetCommitter(consumer, tracker, Duration.ofSeconds(10));
    tracker.polled(P0, 4);
    tracker.finished(P0, 4);
    tracker.polled(P1, 7);
    tracker.finished(P1, 7);

    assertThat(committer.commitSync(List.of(P1))).containsOnlyKeys(P1);
    assertThat(committed()).containsOnlyKeys(P1).containsEntry(P1, new OffsetAndMetadata(8));
    assertThat(tracker.committable()).containsOnlyKeys(P0);
  }

  @Test
  void anAsyncCommitTellsTheTrackerWhenItSucceeded() {
    OffsetCommitter committer = new OffsetCommitter(consumer, tracker);
    tracker.polled(P0, 0);
    tracker.finished(P0, 0);

    committer.commitAsync();

    assertThat(committed()).containsEntry(P0, new OffsetAndMetadata(1));
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void nothingPolledNothingCommitted() {
    OffsetCommitter committer = new OffsetCommitter(consumer, tracker);
    committer.commitAsync();
    assertThat(committer.commitSync()).isEmpty();
    assertThat(committed()).isEmpty();
  }
}
