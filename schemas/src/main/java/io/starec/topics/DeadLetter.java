package io.starec.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter contract shared by every service: the original key and value bytes and headers, plus headers
 * naming the error and where the record came from. One definition, so one DLQ consumer reads all services.
 */
public final class DeadLetter {

  public static final String ERROR_CLASS = "starec.error.class";
  public static final String ERROR_MESSAGE = "starec.error.message";
  /** What was being done: deserialization, processing, task, policy-update, ... */
  public static final String STAGE = "starec.error.stage";
  public static final String SOURCE_TOPIC = "starec.source.topic";
  public static final String SOURCE_PARTITION = "starec.source.partition";
  public static final String SOURCE_OFFSET = "starec.source.offset";
  /** Kafka Streams processor node, when known. */
  public static final String PROCESSOR = "starec.source.processor";
  public static final String SERVICE = "starec.service";

  static final int MAX_MESSAGE_CHARS = 2_000;

  private DeadLetter() {}

  /** A dead letter for a record read by a plain consumer. */
  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String service, String stage,
      ConsumerRecord<byte[], byte[]> source, String errorClass, String message) {
    return of(dlqTopic, service, stage, source.key(), source.value(), source.headers(), source.topic(),
        source.partition(), source.offset(), null, errorClass, message);
  }

  /** A dead letter for a record read by a plain consumer that failed with {@code error}. */
  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String service, String stage,
      ConsumerRecord<byte[], byte[]> source, Throwable error) {
    return of(dlqTopic, service, stage, source, error.getClass().getName(), describe(error));
  }

  /** The general form; {@code originalHeaders} and {@code processor} may be null. */
  public static ProducerRecord<byte[], byte[]> of(String dlqTopic, String service, String stage, byte[] key,
      byte[] value, Headers originalHeaders, String sourceTopic, int partition, long offset, String processor,
      String errorClass, String message) {
    Headers h = new RecordHeaders();
    if (originalHeaders != null) {
      for (Header header : originalHeaders) {
        h.add(header);
      }
    }
    String text = String.valueOf(message);
    h.add(ERROR_CLASS, utf8(errorClass));
    h.add(ERROR_MESSAGE, utf8(text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) : text));
    h.add(STAGE, utf8(stage));
    h.add(SOURCE_TOPIC, utf8(sourceTopic));
    h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
    h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    if (processor != null) {
      h.add(PROCESSOR, utf8(processor));
    }
    h.add(SERVICE, utf8(service));
    return new ProducerRecord<>(dlqTopic, null, key, value, h);
  }

  /** The error's message with its root cause, which is usually what explains bad input. */
  public static String describe(Throwable error) {
    String message = String.valueOf(error.getMessage());
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error ? message : message + " (caused by " + root.getClass().getName() + ": "
        + root.getMessage() + ")";
  }

  /** A header's text, or null when absent. */
  public static String header(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
  }
}
