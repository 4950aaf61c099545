package io.starec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.EventSource;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.schemas.registry.AvroSchemas;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import io.starec.schemas.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {
  private final String scope = "serde-test-" + UUID.randomUUID();
  private final Map<String, Object> cfg = Map.of("schema.registry.url", "mock://" + scope);

  static Interaction interaction() {
    return Interaction.newBuilder().setEventId("e-1").setUserId("u-1").setItemId("i-9")
        .setType(InteractionType.RATE).setRating(4.5).setTimestampMs(1_700_000_000_000L)
        .setSource(EventSource.REPLAY).build();
  }

  @Test
  void writesConfluentWireFormatAndReadsItBack() throws Exception {
    // Given a value serde on a mock registry
    SpecificAvroSerde<Interaction> serde = SpecificAvroSerde.forValue(Interaction.class, cfg);
    Interaction record = interaction();

    // When a record is serialized
    byte[] bytes = serde.serializer().serialize("starec.interactions", record);

    // Then the bytes are 0x00, the registered id (big-endian int), then plain Avro binary
    int id = InMemorySchemaRegistry.forScope(scope).getId("starec.interactions-value", Interaction.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(WireFormat.schemaIdOrMinusOne(bytes)).isEqualTo(id);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(body, null);
    new SpecificDatumWriter<>(Interaction.class).write(record, enc);
    enc.flush();
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(body.toByteArray());
    // and they read back to an equal record
    assertThat(serde.deserializer().deserialize("starec.interactions", bytes)).isEqualTo(record);
  }

  @Test
  void nullIsATombstoneBothWays() {
    SpecificAvroSerde<Item> serde = SpecificAvroSerde.forValue(Item.class, cfg);
    assertThat(serde.serializer().serialize("starec.items", null)).isNull();
    assertThat(serde.deserializer().deserialize("starec.items", null)).isNull();
  }

  @Test
  void producerAndConsumerWithTheSameMockScopeShareOneRegistry() {
    // Given two independently built serdes with the same mock:// URL
    SpecificAvroSerde<Item> producerSide = SpecificAvroSerde.forValue(Item.class, cfg);
    SpecificAvroSerde<Item> consumerSide = SpecificAvroSerde.forValue(Item.class, cfg);
    Item item = Item.newBuilder().setItemId("i-1").setTitle("Heat").setYear(1995).setGenres(List.of("Crime"))
        .setAttributes(Map.of("k", "v")).build();

    // When one writes and the other reads
    byte[] bytes = producerSide.serializer().serialize("starec.items", item);

    // Then the ids agree (same scope = same registry)
    assertThat(consumerSide.deserializer().deserialize("starec.items", bytes)).isEqualTo(item);
    assertThat(SchemaRegistryClients.create(cfg)).isSameAs(InMemorySchemaRegistry.forScope(scope));
    assertThat(SchemaRegistryClients.create(Map.of("schema.registry.url", "mock://other-" + scope)))
        .isNotSameAs(InMemorySchemaRegistry.forScope(scope));
  }

  @Test
  void keySerdeRegistersUnderTheKeySubject() {
    SpecificAvroSerde<Item> serde = SpecificAvroSerde.forKey(Item.class, cfg);
    serde.serializer().serialize("t", Item.newBuilder().setItemId("i").setTitle("x").build());
    assertThat(InMemorySchemaRegistry.forScope(scope).getAllSubjects()).containsExactly("t-key");
  }

  @Test
  void registersTheLanguageNeutralSchemaNotTheGeneratedClassVariant() {
    // Given the generated class schema carries avro.java.string
    assertThat(Interaction.getClassSchema().toString()).contains("avro.java.string");

    // When it is serialized
    SpecificAvroSerde.forValue(Interaction.class, cfg).serializer().serialize("t", interaction());

    // Then the registry holds the schema without Java-specific properties
    Schema registered = InMemorySchemaRegistry.forScope(scope).getLatestSchemaMetadata("t-value").schema();
    assertThat(registered.toString()).doesNotContain("avro.java.string");
    assertThat(registered).isEqualTo(AvroSchemas.languageNeutral(Interaction.getClassSchema()));
  }

  @Test
  void readsDataWrittenWithAnOlderSchemaFillingDefaults() throws Exception {
    // Given an older Interaction version without 'rating' and 'source' registered and used by a producer
    Schema v0 = AvroSchemas.parse("""
        {"type":"record","name":"Interaction","namespace":"io.starec.avro","fields":[
          {"name":"eventId","type":"string"},{"name":"userId","type":"string"},{"name":"itemId","type":"string"},
          {"name":"type","type":{"type":"enum","name":"InteractionType","symbols":["RATE","CLICK","VIEW","PURCHASE","SKIP"]}},
          {"name":"timestampMs","type":"long"}]}""");
    int id = InMemorySchemaRegistry.forScope(scope).register("old-value", v0);
    GenericRecord old = new GenericData.Record(v0);
    old.put("eventId", "e");
    old.put("userId", "u");
    old.put("itemId", "i");
    old.put("type", new GenericData.EnumSymbol(v0.getField("type").schema(), "CLICK"));
    old.put("timestampMs", 5L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(WireFormat.header(id));
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v0).write(old, enc);
    enc.flush();

    // When the current class reads it
    Interaction read = SpecificAvroSerde.forValue(Interaction.class, cfg).deserializer()
        .deserialize("old", out.toByteArray());

    // Then missing fields take their defaults
    assertThat(read.getEventId()).isEqualTo("e");
    assertThat(read.getType()).isEqualTo(InteractionType.CLICK);
    assertThat(read.getRating()).isNull();
    assertThat(read.getSource()).isEqualTo(EventSource.LIVE);
  }

  @Test
  void deserializerWithoutATypeFindsTheGeneratedClassFromTheWriterSchema() {
    byte[] bytes = SpecificAvroSerde.forValue(Interaction.class, cfg).serializer().serialize("t", interaction());
    SpecificAvroDeserializer<Interaction> any = new SpecificAvroDeserializer<>();
    any.configure(cfg, false);
    assertThat(any.deserialize("t", bytes)).isEqualTo(interaction());
  }

  @Test
  void theRegistryIsAskedOncePerSchemaNotPerRecord() {
    // Given a serde whose registry client counts calls
    java.util.concurrent.atomic.AtomicInteger registers = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    InMemorySchemaRegistry backing = InMemorySchemaRegistry.forScope(scope);
    io.starec.schemas.registry.SchemaRegistryClient counting = new io.starec.schemas.registry.SchemaRegistryClient() {
      public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return backing.register(subject, schema);
      }
      public int getId(String subject, Schema schema) {
        return backing.getId(subject, schema);
      }
      public Schema getSchemaById(int id) {
        lookups.incrementAndGet();
        return backing.getSchemaById(id);
      }
      public SchemaMetadata getLatestSchemaMetadata(String subject) {
        return backing.getLatestSchemaMetadata(subject);
      }
      public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        return backing.checkCompatibility(subject, schema);
      }
      public void updateCompatibility(String subject, io.starec.schemas.registry.CompatibilityLevel level) {
        backing.updateCompatibility(subject, level);
      }
      public List<String> getAllSubjects() {
        return backing.getAllSubjects();
      }
    };
    SpecificAvroSerde<Interaction> serde = new SpecificAvroSerde<>(Interaction.class, counting);
    serde.configure(cfg, false);

    // When three records go through both ways
    for (int i = 0; i < 3; i++) {
      byte[] bytes = serde.serializer().serialize("t", interaction());
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(interaction());
    }

    // Then the schema was registered once and looked up by id once
    assertThat(registers).hasValue(1);
    assertThat(lookups).hasValue(1);
  }
}
