package io.starec.schemas.serde;

import io.starec.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro records in the Confluent wire format. Build with {@code new
 * SpecificAvroSerde<>(Item.class)} then {@link #configure}, or {@link #forValue}/{@link #forKey} in one step.
 * Config: {@code schema.registry.url} ({@code mock://scope} or http(s)), {@code auto.register.schemas},
 * {@code basic.auth.user.info}, {@code schema.registry.ssl.*} (see {@link
 * io.starec.schemas.registry.SchemaRegistryConfig}).
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final SpecificAvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;

  public SpecificAvroSerde(Class<T> type) {
    this(type, null);
  }

  /** Uses the given registry client instead of one built from the config. */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
    this.serializer = new SpecificAvroSerializer<>(client);
    this.deserializer = new SpecificAvroDeserializer<>(type, client);
  }

  /** A configured value serde. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> forValue(Class<T> type, Map<String, ?> cfg) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(cfg, false);
    return serde;
  }

  /** A configured key serde (subject {@code <topic>-key}). */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> forKey(Class<T> type, Map<String, ?> cfg) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(cfg, true);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
