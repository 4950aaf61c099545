package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.topics.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterSenderTest {

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final DeadLetterSender sender = new DeadLetterSender(producer, "starec.dlq", "some-service");
  private final ConsumerRecord<byte[], byte[]> bad =
      new ConsumerRecord<>("in", 2, 41, bytes("key"), bytes("not avro"));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFailedRecordGoesToTheDlqUnchangedWithItsErrorAndOrigin() throws Exception {
    sender.send(bad, "deserialization", new IllegalArgumentException("bad magic byte")).get();

    ProducerRecord<byte[], byte[]> dl = producer.history().get(0);
    assertThat(dl.topic()).isEqualTo("starec.dlq");
    assertThat(dl.key()).isEqualTo(bytes("key"));
    assertThat(dl.value()).isEqualTo(bytes("not avro"));
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.SERVICE)).isEqualTo("some-service");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.STAGE)).isEqualTo("deserialization");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.ERROR_CLASS))
        .isEqualTo(IllegalArgumentException.class.getName());
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.ERROR_MESSAGE)).isEqualTo("bad magic byte");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo("in");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("41");
  }

  @Test
  void aRejectedRecordNamesItsReasonAndTheCallbackHearsTheAck() throws Exception {
    AtomicReference<RecordMetadata> acked = new AtomicReference<>();

    sender.send(bad, "task", "io.starec.SomeRule", "no candidates", (md, ex) -> acked.set(md)).get();

    ProducerRecord<byte[], byte[]> dl = producer.history().get(0);
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.ERROR_CLASS)).isEqualTo("io.starec.SomeRule");
    assertThat(DeadLetter.header(dl.headers(), DeadLetter.ERROR_MESSAGE)).isEqualTo("no candidates");
    assertThat(acked.get()).isNotNull();
    assertThat(acked.get().topic()).isEqualTo("starec.dlq");
  }
}
