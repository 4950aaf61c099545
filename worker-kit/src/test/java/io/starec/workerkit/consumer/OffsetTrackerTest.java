package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  // ---------------------------------------------------------------- out-of-order completion (the gateway)

  @Test
  void commitsOnlyBehindTheLowestUnfinishedOffset() {
    OffsetTracker t = OffsetTracker.create();
    for (long o = 10; o < 15; o++) {
      t.polled(P0, o);
      t.dispatched(P0, o);
    }
    // out of order: 12 and 14 finish first
    t.finished(P0, 12);
    t.finished(P0, 14);
    assertThat(t.committable()).containsEntry(P0, new OffsetAndMetadata(10));

    t.finished(P0, 10);
    t.finished(P0, 11);
    assertThat(t.committable()).containsEntry(P0, new OffsetAndMetadata(13));

    t.finished(P0, 13);
    Map<TopicPartition, OffsetAndMetadata> all = t.committable();
    assertThat(all).containsEntry(P0, new OffsetAndMetadata(15));
    t.committed(all);
    assertThat(t.committable()).isEmpty();
    assertThat(t.running()).isZero();
  }

  @Test
  void abandonedTasksHoldTheCommitPositionAndPartitionsAreIndependent() throws Exception {
    OffsetTracker t = OffsetTracker.create();
    t.polled(P0, 0);
    t.dispatched(P0, 0);
    t.polled(P0, 1);
    t.dispatched(P0, 1);
    t.polled(P1, 5);
    t.dispatched(P1, 5);

    t.abandoned(P0, 0); // offset 0's result could not be written
    t.finished(P0, 1);
    t.finished(P1, 5);

    assertThat(t.committable()).containsEntry(P0, new OffsetAndMetadata(0)).containsEntry(P1, new OffsetAndMetadata(6));
    assertThat(t.awaitRunning(List.of(P0, P1), 10)).isTrue();
    assertThat(t.unfinished()).isEqualTo(1);
  }

  @Test
  void forgottenPartitionsIgnoreLateFinishes() throws Exception {
    OffsetTracker t = OffsetTracker.create();
    t.polled(P0, 3);
    t.dispatched(P0, 3);
    assertThat(t.awaitRunning(List.of(P0), 10)).isFalse();

    t.forget(List.of(P0));
    t.finished(P0, 3);

    assertThat(t.committable()).isEmpty();
    assertThat(t.committable(List.of(P0))).isEmpty();
  }

  @Test
  void aWaitForRunningRecordsEndsWhenTheLastOneFinishes() throws Exception {
    OffsetTracker t = OffsetTracker.create();
    t.polled(P0, 0);
    t.dispatched(P0, 0);
    t.polled(P0, 1); // polled but never dispatched: not waited for
    Thread worker = new Thread(() -> t.finished(P0, 0));
    worker.start();
    assertThat(t.awaitRunning(List.of(P0), 10_000)).isTrue();
    worker.join();
    assertThat(t.running()).isZero();
    assertThat(t.unfinished(P0)).isEqualTo(1);
  }

  // ---------------------------------------------------------------- durability watermark (the trainer)

  @Test
  void theCommittableOffsetIsTheSmallestPendingOne() {
    OffsetTracker tracker = OffsetTracker.rememberingFinished();
    // Given offsets 10..14 consumed
    for (long o = 10; o <= 14; o++) {
      tracker.polled(P0, o);
    }
    // When 11, 12 and 14 become durable but 10 and 13 not
    tracker.finished(P0, 11);
    tracker.finished(P0, 12);
    tracker.finished(P0, 14);
    // Then nothing beyond 10 may be committed
    assertThat(tracker.position(P0)).hasValue(10);
    // When 10 is released, the commit moves to the next pending offset
    tracker.finished(P0, 10);
    assertThat(tracker.position(P0)).hasValue(13);
    tracker.finished(P0, 13);
    assertThat(tracker.position(P0)).hasValue(15);
    assertThat(tracker.unfinished(P0)).isZero();
  }

  @Test
  void partitionsAreIndependentAndCommitsAreReportedOnce() {
    OffsetTracker tracker = OffsetTracker.rememberingFinished();
    tracker.polled(P0, 0);
    tracker.polled(P1, 5);
    tracker.finished(P1, 5);
    Map<TopicPartition, OffsetAndMetadata> due = tracker.committable();
    assertThat(due).containsOnlyKeys(P0, P1);
    assertThat(tracker.committable().get(P1)).isEqualTo(new OffsetAndMetadata(6));
    tracker.committed(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(6)));
    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void theSnapshotListsReleasedOffsetsAboveTheWatermark() {
    OffsetTracker tracker = OffsetTracker.rememberingFinished();
    for (long o = 0; o < 5; o++) {
      tracker.polled(P0, o);
    }
    tracker.finished(P0, 0);
    tracker.finished(P0, 2);
    tracker.finished(P0, 3);
    OffsetTracker.PartitionSnapshot s = tracker.snapshot().get(P0);
    assertThat(s.watermark()).isEqualTo(1);
    assertThat(s.done()).containsExactly(2L, 3L);
    // a skipped record (finished before a restart) counts as finished at once
    tracker.finished(P0, 1);
    tracker.skipped(P0, 5);
    assertThat(tracker.snapshot().get(P0)).isEqualTo(new OffsetTracker.PartitionSnapshot(4, List.of(5L)));
  }

  @Test
  void releasesOfForgottenPartitionsAreIgnored() {
    OffsetTracker tracker = OffsetTracker.rememberingFinished();
    tracker.polled(P0, 0);
    tracker.forget(List.of(P0));
    tracker.finished(P0, 0);
    assertThat(tracker.position(P0)).isEmpty();
  }

  @Test
  void onlyATrackerThatRemembersFinishedOffsetsHasASnapshot() {
    OffsetTracker t = OffsetTracker.create();
    t.polled(P0, 0);
    assertThatThrownBy(t::snapshot).isInstanceOf(IllegalStateException.class);
    assertThat(OffsetTracker.rememberingFinished().snapshot()).isEmpty();
  }
}
