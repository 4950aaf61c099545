package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurabilityAckTest {

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
