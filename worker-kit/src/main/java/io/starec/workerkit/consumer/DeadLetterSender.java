package io.starec.workerkit.consumer;

import io.starec.topics.DeadLetter;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends a record that a plain consumer cannot use to the DLQ unchanged, with the headers of the shared
 * {@link DeadLetter} contract naming the error, the stage and where the record came from. Bad input never stops a
 * service; whether its offset may move once the dead letter is acknowledged is the caller's decision.
 */
public final class DeadLetterSender {

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  private final String service;

  /** @param service the {@link DeadLetter#SERVICE} header, e.g. {@code inference-gateway} */
  public DeadLetterSender(Producer<byte[], byte[]> producer, String dlqTopic, String service) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.service = service;
  }

  /** A record that failed with {@code error} at {@code stage}. */
  public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> rec, String stage, Throwable error) {
    return producer.send(DeadLetter.of(dlqTopic, service, stage, rec, error));
  }

  /** A record rejected for a reason that is not an exception; {@code onAck} runs when the send completes. */
  public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> rec, String stage, String errorClass,
      String message, Callback onAck) {
    return producer.send(DeadLetter.of(dlqTopic, service, stage, rec, errorClass, message), onAck);
  }
}
