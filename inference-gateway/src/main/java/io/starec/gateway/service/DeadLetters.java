package io.starec.gateway.service;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records: the original key and value bytes, the original headers, and the error in headers
 * ({@value #ERROR_CLASS}, {@value #ERROR_MESSAGE}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION},
 * {@value #SOURCE_OFFSET}, {@value #SERVICE}).
 */
public final class DeadLetters {

  public static final String ERROR_CLASS = "starec.error.class";
  public static final String ERROR_MESSAGE = "starec.error.message";
  public static final String SOURCE_TOPIC = "starec.source.topic";
  public static final String SOURCE_PARTITION = "starec.source.partition";
  public static final String SOURCE_OFFSET = "starec.source.offset";
  public static final String SERVICE = "starec.service";

  private DeadLetters() {}

  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, ConsumerRecord<byte[], byte[]> rec,
      String errorClass, String message) {
    Headers h = new RecordHeaders(rec.headers().toArray());
    h.add(ERROR_CLASS, utf8(errorClass));
    h.add(ERROR_MESSAGE, utf8(message.length() > 2000 ? message.substring(0, 2000) : message));
    h.add(SOURCE_TOPIC, utf8(rec.topic()));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(rec.partition())));
    h.add(SOURCE_OFFSET, utf8(Long.toString(rec.offset())));
    h.add(SERVICE, utf8("inference-gateway"));
    return new ProducerRecord<>(dlqTopic, null, rec.key(), rec.value(), h);
  }

  private static byte[] utf8(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
