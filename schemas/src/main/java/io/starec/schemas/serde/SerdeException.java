package io.starec.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be turned into a record (or a record that cannot be written): wrong magic byte, unknown
 * schema id, truncated payload, reader/writer mismatch, empty payload, schema refused by the registry. The
 * Kafka (de)serializer API does not pass partition and offset, so they start at -1; handlers that know them
 * (a DeserializationExceptionHandler, a consumer loop) enrich the exception with {@link #withPosition}.
 */
public class SerdeException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partition;
  private final long offset;
  private final String reason;

  public SerdeException(String topic, String reason) {
    this(topic, -1, -1L, reason, null);
  }

  public SerdeException(String topic, String reason, Throwable cause) {
    this(topic, -1, -1L, reason, cause);
  }

  public SerdeException(String topic, int partition, long offset, String reason, Throwable cause) {
    super(message(topic, partition, offset, reason), cause);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.reason = reason;
  }

  /** The same failure, located at a partition and offset. */
  public SerdeException withPosition(int partition, long offset) {
    SerdeException located = new SerdeException(topic, partition, offset, reason, getCause());
    located.setStackTrace(getStackTrace());
    return located;
  }

  public String topic() {
    return topic;
  }

  /** -1 when unknown. */
  public int partition() {
    return partition;
  }

  /** -1 when unknown. */
  public long offset() {
    return offset;
  }

  /** What was wrong with the bytes, without the location. */
  public String reason() {
    return reason;
  }

  private static String message(String topic, int partition, long offset, String reason) {
    return "Avro serde failure on topic '" + topic + "' partition " + partition + " offset " + offset + ": "
        + reason;
  }
}
