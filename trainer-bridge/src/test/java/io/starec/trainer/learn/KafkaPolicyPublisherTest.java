package io.starec.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyUpdate;
import io.starec.core.policy.LinearScorer;
import io.starec.topics.PolicySignature;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaPolicyPublisherTest {

  private static final PolicySignature KEY = PolicySignature.of("trainer-test-key-0123456789abcdefghij", "test");

  private final MockProducer<String, PolicyUpdate> producer =
      new MockProducer<>(true, null, new StringSerializer(), (topic, u) -> new byte[0]);

  private static PolicyUpdate update() {
    return PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(3).setKind(LinearScorer.KIND)
        .setPayload(ByteBuffer.wrap(LinearScorer.defaults().toJson())).setMetrics(Map.of("step", 3.0))
        .setCreatedMs(5).build();
  }

  @Test
  void withAKeyEveryUpdateCarriesASignatureTheGatewayVerifies() throws Exception {
    // Given a publisher with the signing key
    KafkaPolicyPublisher publisher = new KafkaPolicyPublisher(producer, "updates", Optional.of(KEY));

    // When it publishes an update
    publisher.publish(update());

    // Then the record is keyed by policy name and its signature verifies with the same key
    ProducerRecord<String, PolicyUpdate> sent = producer.history().get(0);
    assertThat(sent.key()).isEqualTo("embedded");
    assertThat(KEY.verify(sent.value(), sent.headers())).isEqualTo(PolicySignature.Verdict.VALID);
  }

  @Test
  void withoutAKeyUpdatesGoOutUnsigned() throws Exception {
    // Given a publisher without a key, when it publishes, then the record has no signature header
    new KafkaPolicyPublisher(producer, "updates", Optional.empty()).publish(update());

    assertThat(producer.history().get(0).headers().lastHeader(PolicySignature.HEADER)).isNull();
  }
}
