package io.starec.trainer.learn;

import io.starec.avro.PolicyUpdate;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes PolicyUpdates keyed by policy name and waits for the broker's acknowledgement. */
public final class KafkaPolicyPublisher implements PolicyPublisher {

  private final Producer<String, PolicyUpdate> producer;
  private final String topic;

  public KafkaPolicyPublisher(Producer<String, PolicyUpdate> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void publish(PolicyUpdate update) throws Exception {
    producer.send(new ProducerRecord<>(topic, update.getPolicyName(), update)).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close();
  }
}
