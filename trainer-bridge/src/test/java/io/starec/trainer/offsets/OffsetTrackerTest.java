package io.starec.trainer.offsets;

import static io.starec.trainer.Fixtures.TP0;
import static io.starec.trainer.Fixtures.TP1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void theCommittableOffsetIsTheSmallestPendingOne() {
    // Given offsets 10..14 consumed
    for (long o = 10; o <= 14; o++) {
      tracker.consumed(TP0, o);
    }
    // When 11, 12 and 14 become durable but 10 and 13 not
    tracker.release(TP0, 11);
    tracker.release(TP0, 12);
    tracker.release(TP0, 14);
    // Then nothing beyond 10 may be committed
    assertThat(tracker.committable(TP0)).hasValue(10);
    // When 10 is released, the commit moves to the next pending offset
    tracker.release(TP0, 10);
    assertThat(tracker.committable(TP0)).hasValue(13);
    tracker.release(TP0, 13);
    assertThat(tracker.committable(TP0)).hasValue(15);
    assertThat(tracker.pending(TP0)).isZero();
  }

  @Test
  void partitionsAreIndependentAndCommitsAreReportedOnce() {
    tracker.consumed(TP0, 0);
    tracker.consumed(TP1, 5);
    tracker.release(TP1, 5);
    Map<org.apache.kafka.common.TopicPartition, Long> due = tracker.toCommit();
    assertThat(due).containsOnlyKeys(TP0, TP1);
    assertThat(tracker.toCommit().get(TP1)).isEqualTo(6);
    tracker.committed(Map.of(TP0, 0L, TP1, 6L));
    assertThat(tracker.toCommit()).isEmpty();
  }

  @Test
  void theSnapshotListsReleasedOffsetsAboveTheWatermark() {
    for (long o = 0; o < 5; o++) {
      tracker.consumed(TP0, o);
    }
    tracker.release(TP0, 0);
    tracker.release(TP0, 2);
    tracker.release(TP0, 3);
    OffsetTracker.PartitionSnapshot s = tracker.snapshot().get(TP0);
    assertThat(s.watermark()).isEqualTo(1);
    assertThat(s.done()).containsExactly(2L, 3L);
  }

  @Test
  void releasesOfForgottenPartitionsAreIgnored() {
    tracker.consumed(TP0, 0);
    tracker.forget(TP0);
    tracker.release(TP0, 0);
    assertThat(tracker.committable(TP0)).isEmpty();
  }

  @Test
  void anAckFiresOnceWhenSealedAndEveryRetainIsReleased() {
    int[] fired = {0};
    DurabilityAck ack = new DurabilityAck(() -> fired[0]++);
    ack.retain();
    ack.retain();
    ack.seal();
    ack.release();
    assertThat(fired[0]).isZero();
    ack.release();
    assertThat(fired[0]).isEqualTo(1);
    DurabilityAck nothingKept = new DurabilityAck(() -> fired[0]++);
    nothingKept.seal();
    assertThat(fired[0]).isEqualTo(2);
  }
}
