package io.starec.schemas.serde;

import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.registry.SchemaRegistryClient;
import io.starec.schemas.registry.SchemaRegistryClients;
import io.starec.schemas.registry.SchemaRegistryConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro into generated classes: the writer schema comes from the registry by id,
 * the reader schema is the target class's, and Avro's schema resolution bridges them (new fields get their
 * defaults). Null stays null (tombstones). Bad bytes raise {@link SerdeException}; an unreachable registry
 * raises {@link RegistryException} instead, so handlers do not dead-letter good records during an outage.
 * Decoding is bounded ({@link BoundedDecoder}): a length the payload cannot hold is refused before anything is
 * allocated, so no input can exhaust memory.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private SchemaRegistryClient client;
  private final boolean clientInjected;
  private final Map<Integer, Resolution<T>> byWriterId = new ConcurrentHashMap<>();

  /** Reads into the generated class named by each writer schema. */
  public SpecificAvroDeserializer() {
    this(null, null);
  }

  /** Reads into {@code type}, resolving whatever compatible writer schema the bytes name. */
  public SpecificAvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** As {@link #SpecificAvroDeserializer(Class)} with a given registry client (tests, shared clients). */
  public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
    this.type = type;
    this.client = client;
    this.clientInjected = client != null;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (!clientInjected) {
      this.client = SchemaRegistryClients.create(configs);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure(cfg, isKey) "
          + "with '" + SchemaRegistryConfig.SCHEMA_REGISTRY_URL + "' first");
    }
    if (data.length == 0) {
      throw new SerdeException(topic, "empty payload (0 bytes); expected magic byte 0x00, a 4-byte schema id "
          + "and Avro data");
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw new SerdeException(topic, String.format(
          "unknown magic byte 0x%02x (expected 0x00: Confluent wire format); payload is %d bytes",
          data[0] & 0xff, data.length));
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new SerdeException(topic, "truncated header: " + data.length
          + " bytes, need at least 5 (magic byte + 4-byte schema id)");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    Resolution<T> resolution = byWriterId.get(id);
    if (resolution == null) {
      resolution = resolve(topic, id);
      byWriterId.put(id, resolution);
    }
    if (resolution.problem() != null) {
      throw new SerdeException(topic, resolution.problem());
    }
    BoundedDecoder decoder = new BoundedDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE,
        resolution.emptyItems());
    T record;
    try {
      record = resolution.reader().read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerdeException(topic, "truncated or corrupt Avro payload for schema id " + id + " ("
          + resolution.writerName() + ", " + data.length + " bytes): " + e, e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new SerdeException(topic, "corrupt Avro payload for schema id " + id + " ("
            + resolution.writerName() + "): unread bytes after the record");
      }
    } catch (IOException e) {
      throw new SerdeException(topic, "corrupt Avro payload for schema id " + id + ": " + e, e);
    }
    return record;
  }

  /** Looks the writer schema up once per id; bad ids and unreadable schemas are cached as problems. */
  private Resolution<T> resolve(String topic, int id) {
    Schema writer;
    try {
      writer = client.getSchemaById(id);
    } catch (RegistryException e) {
      if (e.isNotFound()) {
        // not cached: the id may be registered a moment later by a producer on another registry node
        throw new SerdeException(topic, "unknown schema id " + id + " (" + e.getMessage() + ")", e);
      }
      throw e;
    }
    Class<?> target = type;
    if (target == null) {
      target = SpecificData.get().getClass(writer);
      if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
        return Resolution.failed(writer, "schema id " + id + " (" + writer.getFullName()
            + ") has no generated SpecificRecord class on the classpath");
      }
    }
    SpecificData model = SpecificData.getForClass(target);
    Schema reader = model.getSchema(target);
    SchemaPairCompatibility compat = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      StringBuilder why = new StringBuilder();
      compat.getResult().getIncompatibilities().forEach(i -> why.append(why.length() == 0 ? "" : "; ")
          .append(i.getType()).append(" at ").append(i.getLocation()).append(": ").append(i.getMessage()));
      return Resolution.failed(writer, "reader schema " + reader.getFullName() + " cannot read writer schema id "
          + id + " (" + writer.getFullName() + "): " + why);
    }
    return new Resolution<>(new SpecificDatumReader<>(writer, reader, model), writer.getFullName(),
        BoundedDecoder.hasEmptyItemArrays(writer), null);
  }

  @Override
  public void close() {
    // the client may be shared (mock scopes, injected clients): nothing to release here
  }

  /** How to read one writer schema id, or why it cannot be read. */
  private record Resolution<T>(DatumReader<T> reader, String writerName, boolean emptyItems, String problem) {
    static <T> Resolution<T> failed(Schema writer, String problem) {
      return new Resolution<>(null, writer.getFullName(), false, problem);
    }
  }
}
