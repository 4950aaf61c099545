package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void keepsTheOriginalBytesAndHeadersAndNamesTheErrorAndItsSource() {
    // Given a record that failed
    ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("starec.interactions", 2, 41L, bytes("u1"),
        bytes("garbage"));
    bad.headers().add("trace", bytes("t-1"));
    // When it is dead-lettered
    ProducerRecord<byte[], byte[]> dlq = DeadLetter.of("starec.dlq", "stream-app", "deserialization", bad,
        new IllegalStateException("outer", new IllegalArgumentException("bad magic byte")));
    // Then the bytes are unchanged and the headers say what and where
    assertThat(dlq.topic()).isEqualTo("starec.dlq");
    assertThat(dlq.key()).isEqualTo(bad.key());
    assertThat(dlq.value()).isEqualTo(bad.value());
    assertThat(DeadLetter.header(dlq.headers(), "trace")).isEqualTo("t-1");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.ERROR_CLASS)).isEqualTo("java.lang.IllegalStateException");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.ERROR_MESSAGE))
        .isEqualTo("outer (caused by java.lang.IllegalArgumentException: bad magic byte)");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.STAGE)).isEqualTo("deserialization");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.SOURCE_TOPIC)).isEqualTo("starec.interactions");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.SERVICE)).isEqualTo("stream-app");
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.PROCESSOR)).isNull();
  }

  @Test
  void capsHugeMessages() {
    ProducerRecord<byte[], byte[]> dlq = DeadLetter.of("d", "gateway", "task", null, null, null, "t", 0, 0, null,
        "X", "m".repeat(10_000));
    assertThat(DeadLetter.header(dlq.headers(), DeadLetter.ERROR_MESSAGE)).hasSize(DeadLetter.MAX_MESSAGE_CHARS);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
