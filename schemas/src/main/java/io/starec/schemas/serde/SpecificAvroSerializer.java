package io.starec.schemas.serde;

import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.registry.SchemaRegistryClient;
import io.starec.schemas.registry.SchemaRegistryClients;
import io.starec.schemas.registry.SchemaRegistryConfig;
import io.starec.schemas.registry.SubjectNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format, registering (or, with {@code
 * auto.register.schemas=false}, looking up) the record's schema under {@code <topic>-value} / {@code
 * <topic>-key}. Null records stay null (tombstones). Registry outages surface as {@link RegistryException};
 * refused or unregistered schemas and unencodable records as {@link SerdeException}.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private SchemaRegistryClient client;
  private final boolean clientInjected;
  private boolean isKey;
  private boolean autoRegister = true;
  private final Map<String, Map<Schema, Integer>> idsByTopic = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

  /** Configure with {@link #configure} before use. */
  public SpecificAvroSerializer() {
    this(null);
  }

  /** Uses the given registry client instead of one built from the config (tests, shared clients). */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    this.client = client;
    this.clientInjected = client != null;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = SchemaRegistryConfig.bool(configs, SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS, true);
    if (!clientInjected) {
      this.client = SchemaRegistryClients.create(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("SpecificAvroSerializer is not configured: call configure(cfg, isKey) "
          + "with '" + SchemaRegistryConfig.SCHEMA_REGISTRY_URL + "' first");
    }
    Schema schema = data.getSchema();
    int id = schemaId(topic, schema);
    DatumWriter<T> writer = writers.computeIfAbsent(schema,
        s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass())));
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(WireFormat.header(id));
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerdeException(topic, "cannot encode " + schema.getFullName() + " record: " + e, e);
    }
    return out.toByteArray();
  }

  private int schemaId(String topic, Schema schema) {
    Map<Schema, Integer> ids = idsByTopic.computeIfAbsent(String.valueOf(topic), t -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    String subject = SubjectNames.forTopic(topic, isKey);
    int id;
    try {
      id = autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
    } catch (RegistryException e) {
      if (!autoRegister && e.isNotFound()) {
        throw new SerdeException(topic, "schema " + schema.getFullName() + " is not registered under subject '"
            + subject + "' and " + SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS + "=false; register it first ("
            + e.getMessage() + ")", e);
      }
      if (e.isIncompatible()) {
        throw new SerdeException(topic, "the registry refused schema " + schema.getFullName()
            + " as incompatible with subject '" + subject + "': " + e.getMessage(), e);
      }
      throw e;
    }
    ids.put(schema, id);
    return id;
  }

  @Override
  public void close() {
    // the client may be shared (mock scopes, injected clients): nothing to release here
  }
}
