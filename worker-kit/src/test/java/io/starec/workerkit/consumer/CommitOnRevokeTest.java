package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CommitOnRevokeTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final OffsetTracker tracker = OffsetTracker.create();
  private final List<String> calls = new ArrayList<>();
  private Exception commitFailure;

  private final CommitOnRevoke listener = new CommitOnRevoke(tracker, new CommitOnRevoke.Owner() {
    @Override
    public void commitFinished(Collection<TopicPartition> revoked) throws Exception {
      calls.add("commit " + revoked + " tracked " + tracker.unfinished());
      if (commitFailure != null) {
        throw commitFailure;
      }
    }

    @Override
    public void forget(Collection<TopicPartition> gone) {
      calls.add("forget " + gone + " tracked " + tracker.unfinished());
    }

    @Override
    public void assigned(Collection<TopicPartition> assigned) {
      calls.add("assigned " + assigned);
    }
  });

  @Test
  void revokedPartitionsAreCommittedBeforeTheyAreForgotten() {
    tracker.polled(P0, 0);
    tracker.polled(P1, 0);

    listener.onPartitionsRevoked(List.of(P0));

    // the owner commits while the tracker still knows the partition; both forget it afterwards
    assertThat(calls).containsExactly("commit [t-0] tracked 2", "forget [t-0] tracked 1");
    assertThat(tracker.position(P0)).isEmpty();
    assertThat(tracker.position(P1)).hasValue(0);
  }

  @Test
  void lostPartitionsAreForgottenWithoutACommit() {
    tracker.polled(P0, 0);

    listener.onPartitionsLost(List.of(P0));

    assertThat(calls).containsExactly("forget [t-0] tracked 0");
  }

  @Test
  void emptyCallbacksOfACooperativeRebalanceDoNothing() {
    listener.onPartitionsRevoked(List.of());
    listener.onPartitionsAssigned(List.of());
    listener.onPartitionsAssigned(List.of(P1));

    assertThat(calls).containsExactly("assigned [t-1]");
  }

  @Test
  void aFailedCommitFailsThePollAndKeepsThePartition() {
    tracker.polled(P0, 0);
    commitFailure = new IOException("disk full");

    assertThatThrownBy(() -> listener.onPartitionsRevoked(List.of(P0)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("t-0").hasCause(commitFailure);
    assertThat(calls).containsExactly("commit [t-0] tracked 1");
    assertThat(tracker.position(P0)).hasValue(0);
  }
}
