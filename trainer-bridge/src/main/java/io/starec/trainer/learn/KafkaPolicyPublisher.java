package io.starec.trainer.learn;

import io.starec.avro.PolicyUpdate;
import io.starec.topics.PolicySignature;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes PolicyUpdates keyed by policy name, signed in the {@value PolicySignature#HEADER} header when a key is
 * configured (gateways with the key apply nothing else), and waits for the broker's acknowledgement.
 */
public final class KafkaPolicyPublisher implements PolicyPublisher {

  private final Producer<String, PolicyUpdate> producer;
  private final String topic;
  private final Optional<PolicySignature> signature;

  public KafkaPolicyPublisher(Producer<String, PolicyUpdate> producer, String topic,
      Optional<PolicySignature> signature) {
    this.producer = producer;
    this.topic = topic;
    this.signature = signature;
  }

  @Override
  public void publish(PolicyUpdate update) throws Exception {
    ProducerRecord<String, PolicyUpdate> rec = new ProducerRecord<>(topic, update.getPolicyName(), update);
    signature.ifPresent(s -> s.sign(update, rec.headers()));
    producer.send(rec).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
