package io.starec.trainer.dlq;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends an unreadable record to the DLQ unchanged (original key and value bytes) with headers naming the
 * error and where the record came from. Bad input never stops the trainer.
 */
public final class DeadLetters {

  public static final String ERROR_CLASS = "starec.error.class";
  public static final String ERROR_MESSAGE = "starec.error.message";
  public static final String SOURCE_TOPIC = "starec.source.topic";
  public static final String SOURCE_PARTITION = "starec.source.partition";
  public static final String SOURCE_OFFSET = "starec.source.offset";
  public static final String STAGE = "starec.stage";
  private static final int MAX_MESSAGE = 1000;

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  public DeadLetters(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> rec, Throwable error, String stage) {
    RecordHeaders headers = new RecordHeaders();
    rec.headers().forEach(headers::add);
    String message = String.valueOf(error.getMessage());
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
    headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
    headers.add(ERROR_MESSAGE, utf8(message));
    headers.add(SOURCE_TOPIC, utf8(rec.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(rec.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(rec.offset())));
    headers.add(STAGE, utf8(stage));
    return producer.send(new ProducerRecord<>(topic, null, rec.key(), rec.value(), headers));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
