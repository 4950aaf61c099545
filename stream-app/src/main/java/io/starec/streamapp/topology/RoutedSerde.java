package io.starec.streamapp.topology;

import io.starec.schemas.serde.SpecificAvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes the Avro value of a {@link Routed} to the topic it names; never read back, so no deserializer. A value
 * above the byte cap fails here, where the production exception handler dead-letters its source record: sent to
 * the broker, it would abort the exactly-once transaction and the same record would be re-processed forever.
 */
final class RoutedSerde implements Serde<Routed> {

  private final SpecificAvroSerializer<SpecificRecord> avro = new SpecificAvroSerializer<>();
  private final int maxRecordBytes;

  RoutedSerde(Map<String, ?> serdeConfig, int maxRecordBytes) {
    avro.configure(serdeConfig, false);
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public Serializer<Routed> serializer() {
    return (topic, routed) -> {
      if (routed == null) {
        return null;
      }
      byte[] bytes = avro.serialize(topic, routed.value());
      if (bytes.length > maxRecordBytes) {
        throw new RecordTooLargeException(routed.value().getSchema().getName() + " of " + bytes.length
            + " bytes for " + topic + " is above output.max.record.bytes " + maxRecordBytes);
      }
      return bytes;
    };
  }

  @Override
  public Deserializer<Routed> deserializer() {
    return (topic, bytes) -> {
      throw new UnsupportedOperationException("Routed records are only written");
    };
  }
}
