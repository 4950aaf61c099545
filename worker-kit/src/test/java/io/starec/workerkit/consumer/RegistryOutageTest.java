package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.serde.SerdeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bookkeeping of partitions held while the schema registry cannot answer. */
class RegistryOutageTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final RegistryException DOWN =
      new RegistryException("get schema by id 3 (GET http://registry/schemas/ids/3)", 0, -1, "Connection refused");

  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  // random 0: every wait is the full step (500, 1000, 2000, ...)
  private final RegistryOutage outage = new RegistryOutage("test", new Backoff(500, 4_000, 0.2), () -> 0.0);

  @BeforeEach
  void assign() {
    consumer.assign(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.seek(P0, 12);
    consumer.seek(P1, 40);
  }

  @Test
  void anOutageIsARegistryThatCouldNotAnswerWhereverItIsWrapped() {
    // Given failures of every kind a decode can end in
    RegistryException unavailable = new RegistryException("get schema by id 3", 503, 50301, "Service Unavailable");
    RegistryException unknownId = new RegistryException("get schema by id 3", 404, 40403, "Schema not found");

    // When they are classified
    // Then an unreachable or failing registry is an outage, also inside a serde exception, and bad data is not
    assertThat(RegistryOutage.isOutage(DOWN)).isTrue();
    assertThat(RegistryOutage.isOutage(new SerdeException("t", "lookup failed", unavailable))).isTrue();
    assertThat(RegistryOutage.isOutage(new SerdeException("t", "unknown schema id 3", unknownId))).isFalse();
    assertThat(RegistryOutage.isOutage(new SerdeException("t", "unknown magic byte 0x4e"))).isFalse();
    assertThat(RegistryOutage.isOutage(new IllegalArgumentException("null value"))).isFalse();
  }

  @Test
  void aHeldPartitionGoesBackToItsRecordAndPausesWhileTheOthersGoOn() {
    // Given the consumer read past offset 5 of P0
    // When the record at offset 5 could not be decoded because the registry is down
    outage.hold(consumer, P0, 5, DOWN, 1_000);

    // Then P0 is back at 5 and paused, P1 is untouched, and health reports the outage with its reason
    assertThat(consumer.position(P0)).isEqualTo(5);
    assertThat(consumer.paused()).containsExactly(P0);
    assertThat(consumer.position(P1)).isEqualTo(40);
    assertThat(outage.waiting()).containsExactly(P0);
    assertThat(outage.status()).hasValueSatisfying(s -> {
      assertThat(s.heldPartitions()).isEqualTo(1);
      assertThat(s.sinceMs()).isEqualTo(1_000);
      assertThat(s.reason()).contains("registry unreachable");
      assertThat(s.toJson()).startsWith("{\"status\":\"OUTAGE\",\"heldPartitions\":1,\"sinceMs\":1000,");
    });
    assertThat(outage.retries()).isEqualTo(1);
  }

  @Test
  void aSecondHoldOfAPartitionNeverSkipsTheEarlierRecord() {
    // Given P0 held at offset 5
    outage.hold(consumer, P0, 5, DOWN, 0);

    // When a later record of P0 (one a worker had already taken) fails too, and then an earlier one
    outage.hold(consumer, P0, 9, DOWN, 10);
    long afterLater = consumer.position(P0);
    outage.hold(consumer, P0, 3, DOWN, 20);

    // Then the partition goes back to the earliest record that has not been decoded
    assertThat(afterLater).isEqualTo(5);
    assertThat(consumer.position(P0)).isEqualTo(3);
  }

  @Test
  void retriesBackOffExponentiallyUpToTheCap() {
    // Given a held partition
    outage.hold(consumer, P0, 5, DOWN, 0);

    // When time passes, then it is resumed only once its wait is over
    outage.resumeDue(consumer, 499);
    assertThat(consumer.paused()).containsExactly(P0);
    outage.resumeDue(consumer, 500);
    assertThat(consumer.paused()).isEmpty();
    assertThat(outage.waiting()).isEmpty();
    // and while the registry stays down, each failed retry waits twice as long, never more than the cap
    long now = 500;
    List<Long> waits = new ArrayList<>();
    for (int retry = 0; retry < 4; retry++) {
      outage.hold(consumer, P0, 5, DOWN, now);
      long resumedAt = now;
      while (consumer.paused().contains(P0)) {
        resumedAt += 50;
        outage.resumeDue(consumer, resumedAt);
      }
      waits.add(resumedAt - now);
      now = resumedAt;
    }
    assertThat(waits).containsExactly(1_000L, 2_000L, 4_000L, 4_000L);
    // and the partition counts as held until one of its records decodes
    assertThat(outage.status()).isPresent();
  }

  @Test
  void aRecordThatDecodesAgainEndsTheHold() {
    // Given both partitions held
    outage.hold(consumer, P0, 5, DOWN, 0);
    outage.hold(consumer, P1, 40, DOWN, 0);
    outage.resumeDue(consumer, 500);

    // When a record of P0 decodes, then P0 is released and the outage is P1's alone
    outage.released(P0);
    assertThat(outage.status()).hasValueSatisfying(s -> assertThat(s.heldPartitions()).isEqualTo(1));
    // When P1 decodes too, then the outage is over; releasing a partition that is not held changes nothing
    outage.released(P1);
    outage.released(P1);
    assertThat(outage.status()).isEmpty();
    // and the next failure starts again from the first wait
    outage.hold(consumer, P0, 7, DOWN, 10_000);
    outage.resumeDue(consumer, 10_500);
    assertThat(consumer.paused()).isEmpty();
  }

  @Test
  void revokedPartitionsTakeTheirHoldsWithThem() {
    // Given a held partition
    outage.hold(consumer, P0, 5, DOWN, 0);

    // When it is revoked, then nothing is held any more
    outage.forget(Set.of(P0));
    assertThat(outage.status()).isEmpty();
    assertThat(outage.waiting()).isEmpty();
    assertThat(outage.heldPartitions()).isZero();
  }

  @Test
  void theReasonIsEscapedForTheHealthDocument() {
    // Given a failure whose message has quotes, a backslash and a newline
    outage.hold(consumer, P0, 5, new RegistryException("get \"x\"", 503, -1, "a\\b\nc"), 0);

    // When health renders it, then the JSON string is escaped
    assertThat(outage.status().orElseThrow().toJson()).contains("get \\\"x\\\"").contains("a\\\\b\\nc");
  }
}
