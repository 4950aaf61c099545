package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final TopicPartition p0 = new TopicPartition("t", 0);
  private final TopicPartition p1 = new TopicPartition("t", 1);

  @Test
  void commitsOnlyBehindTheLowestUnfinishedOffset() {
    OffsetTracker t = new OffsetTracker();
    for (long o = 10; o < 15; o++) {
      t.polled(p0, o);
      t.dispatched(p0);
    }
    // out of order: 12 and 14 finish first
    t.finished(p0, 12, true);
    t.finished(p0, 14, true);
    assertThat(t.committable()).containsEntry(p0, new OffsetAndMetadata(10));

    t.finished(p0, 10, true);
    t.finished(p0, 11, true);
    assertThat(t.committable()).containsEntry(p0, new OffsetAndMetadata(13));

    t.finished(p0, 13, true);
    Map<TopicPartition, OffsetAndMetadata> all = t.committable();
    assertThat(all).containsEntry(p0, new OffsetAndMetadata(15));
    t.committed(all);
    assertThat(t.committable()).isEmpty();
    assertThat(t.dispatched()).isZero();
  }

  @Test
  void abandonedTasksHoldTheCommitPositionAndPartitionsAreIndependent() throws Exception {
    OffsetTracker t = new OffsetTracker();
    t.polled(p0, 0);
    t.dispatched(p0);
    t.polled(p0, 1);
    t.dispatched(p0);
    t.polled(p1, 5);
    t.dispatched(p1);

    t.undispatch(p0); // offset 0's result could not be written
    t.finished(p0, 1, true);
    t.finished(p1, 5, true);

    assertThat(t.committable()).containsEntry(p0, new OffsetAndMetadata(0)).containsEntry(p1, new OffsetAndMetadata(6));
    assertThat(t.awaitDispatched(List.of(p0, p1), 10)).isTrue();
    assertThat(t.unfinished()).isEqualTo(1);
  }

  @Test
  void forgottenPartitionsIgnoreLateFinishes() throws Exception {
    OffsetTracker t = new OffsetTracker();
    t.polled(p0, 3);
    t.dispatched(p0);
    assertThat(t.awaitDispatched(List.of(p0), 10)).isFalse();

    t.forget(List.of(p0));
    t.finished(p0, 3, true);

    assertThat(t.committable()).isEmpty();
    assertThat(t.committable(List.of(p0))).isEmpty();
  }
}
