package io.starec.trainer.dlq;

import io.starec.topics.DeadLetter;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends an unreadable record to the DLQ unchanged (the shared {@link DeadLetter} contract). Bad input never stops
 * the trainer.
 */
public final class DeadLetters {

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  public DeadLetters(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> rec, Throwable error, String stage) {
    return producer.send(DeadLetter.of(topic, "trainer-bridge", stage, rec, error));
  }
}
