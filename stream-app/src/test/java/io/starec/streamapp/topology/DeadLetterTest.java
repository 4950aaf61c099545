package io.starec.streamapp.topology;

import io.starec.topics.DeadLetter;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.errors.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void aMalformedRecordGoesToTheDlqAndTheNextRecordIsProcessed() {
    // TopologyTestDriver loses dead letters of the deserialization path under exactly_once_v2 (they are sent
    // outside its simulated transaction); DeadLetterIT shows them on a real broker with exactly_once_v2
    try (TopologyHarness h = new TopologyHarness(AppSettings.defaults(),
        StreamsConfig.AT_LEAST_ONCE)) {
      // Given bytes that are not Avro in the wire format
      byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
      h.catalogue(2);
      // When they arrive on the interactions topic, followed by a good record
      h.rawInteractions.pipeInput("u1".getBytes(StandardCharsets.UTF_8), garbage, T0);
      h.rate("e1", "u1", "i1", 5, T0 + 1);
      // Then the original bytes are in the DLQ with the error and their origin
      TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(dead.key()).isEqualTo("u1".getBytes(StandardCharsets.UTF_8));
      Headers headers = dead.headers();
      assertThat(header(headers, DeadLetter.ERROR_CLASS)).contains("SerdeException");
      assertThat(header(headers, DeadLetter.ERROR_MESSAGE)).contains("magic byte");
      assertThat(header(headers, DeadLetter.SOURCE_TOPIC)).isEqualTo(h.topics.interactions());
      assertThat(header(headers, DeadLetter.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(headers, DeadLetter.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(header(headers, DeadLetter.STAGE)).isEqualTo("deserialization");
      // and processing went on
      assertThat(h.memory("u1").getHistory()).hasSize(1);
      assertThat(h.count("starec.stream.dlq", "stage", "deserialization")).isEqualTo(1);
      // and the counter names the reason, the error's class
      assertThat(h.count("starec.stream.dlq", "reason", "SerdeException")).isEqualTo(1);
    }
  }

  @Test
  void aRecordThatFailsProcessingGoesToTheDlqWithItsOriginalBytes() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      // When an interaction without item id arrives, then a good one
      h.interactions.pipeInput("u1", Interaction.newBuilder().setEventId("bad").setUserId("u1").setItemId("")
          .setType(InteractionType.CLICK).setTimestampMs(T0).build(), T0);
      h.rate("e1", "u1", "i1", 5, T0 + 1);
      // Then the bad one is dead-lettered with the processing error, the good one applied
      TestRecord<byte[], byte[]> dead = h.dlq.readRecord();
      assertThat(dead.value()).isNotEmpty();
      assertThat(dead.value()[0]).isZero(); // the Avro wire format's magic byte: the original bytes
      assertThat(header(dead.headers(), DeadLetter.ERROR_CLASS)).contains("InvalidRecordException");
      assertThat(header(dead.headers(), DeadLetter.ERROR_MESSAGE)).contains("itemId");
      assertThat(header(dead.headers(), DeadLetter.STAGE)).isEqualTo("processing");
      assertThat(h.memory("u1").getHistory()).hasSize(1);
      assertThat(h.memory("u1").getHistory().get(0).getEventId()).isEqualTo("e1");
      assertThat(h.count("starec.stream.dlq", "reason", "InvalidRecordException")).isEqualTo(1);
    }
  }

  @Test
  void anInteractionKeyedByAnotherUserIsRejected() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.catalogue(2);
      h.interactions.pipeInput("someone-else", Interaction.newBuilder().setEventId("e").setUserId("u1")
          .setItemId("i1").setType(InteractionType.CLICK).setTimestampMs(T0).build(), T0);
      assertThat(h.dlq.readRecord().headers().lastHeader(DeadLetter.ERROR_MESSAGE)).isNotNull();
      assertThat(h.memory("u1")).isNull();
    }
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
