package io.starec.streamapp.topology;

import io.starec.schemas.serde.SpecificAvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Writes the Avro value of a {@link Routed} to the topic it names; never read back, so no deserializer. */
final class RoutedSerde implements Serde<Routed> {

  private final SpecificAvroSerializer<SpecificRecord> avro = new SpecificAvroSerializer<>();

  RoutedSerde(Map<String, ?> serdeConfig) {
    avro.configure(serdeConfig, false);
  }

  @Override
  public Serializer<Routed> serializer() {
    return (topic, routed) -> routed == null ? null : avro.serialize(topic, routed.value());
  }

  @Override
  public Deserializer<Routed> deserializer() {
    return (topic, bytes) -> {
      throw new UnsupportedOperationException("Routed records are only written");
    };
  }
}
