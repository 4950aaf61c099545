package io.starec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.schemas.registry.AvroSchemas;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gives a SerdeException naming the topic and the reason, never a crash elsewhere. */
class BadBytesTest {
  private static final String TOPIC = "starec.interactions";
  private final String scope = "bad-bytes-" + UUID.randomUUID();
  private final Map<String, Object> cfg = Map.of("schema.registry.url", "mock://" + scope);
  private final SpecificAvroSerde<Interaction> serde = SpecificAvroSerde.forValue(Interaction.class, cfg);

  private SerdeException readFails(byte[] bytes) {
    SerdeException e = catchThrowableOfType(SerdeException.class,
        () -> serde.deserializer().deserialize(TOPIC, bytes));
    assertThat(e).as("expected a SerdeException").isNotNull();
    assertThat(e).isInstanceOf(SerializationException.class);
    assertThat(e.topic()).isEqualTo(TOPIC);
    assertThat(e.partition()).isEqualTo(-1);
    assertThat(e.offset()).isEqualTo(-1L);
    assertThat(e.getMessage()).contains(TOPIC).contains(e.reason());
    return e;
  }

  private byte[] good() {
    return serde.serializer().serialize(TOPIC, SpecificAvroSerdeTest.interaction());
  }

  @Test
  void emptyPayload() {
    assertThat(readFails(new byte[0]).reason()).contains("empty payload");
  }

  @Test
  void wrongMagicByte() {
    byte[] bytes = good();
    bytes[0] = 7;
    assertThat(readFails(bytes).reason()).contains("unknown magic byte 0x07");
  }

  @Test
  void plainTextIsNotMistakenForAvro() {
    assertThat(readFails("{\"json\":true}".getBytes()).reason()).contains("unknown magic byte 0x7b");
  }

  @Test
  void truncatedHeader() {
    assertThat(readFails(new byte[] {0, 0, 1}).reason()).contains("truncated header: 3 bytes");
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = good();
    bytes[1] = 0x7f; // id 0x7f000001: never assigned
    assertThat(readFails(bytes).reason()).contains("unknown schema id " + 0x7f000001);
  }

  @Test
  void truncatedPayload() {
    byte[] bytes = good();
    assertThat(readFails(Arrays.copyOf(bytes, bytes.length - 4)).reason())
        .contains("truncated or corrupt Avro payload").contains("io.starec.avro.Interaction");
  }

  @Test
  void trailingGarbage() {
    byte[] bytes = good();
    assertThat(readFails(Arrays.copyOf(bytes, bytes.length + 3)).reason()).contains("unread bytes after the record");
  }

  @Test
  void headerOnly() {
    assertThat(readFails(Arrays.copyOf(good(), 5)).reason()).contains("truncated or corrupt Avro payload");
  }

  @Test
  void readerWriterSchemaMismatch() {
    // Given an Item written to the topic by mistake
    SpecificAvroSerde<Item> items = SpecificAvroSerde.forValue(Item.class, cfg);
    byte[] bytes = items.serializer().serialize("elsewhere", Item.newBuilder().setItemId("i").setTitle("t").build());

    // Then reading it as an Interaction names both schemas and Avro's reason
    assertThat(readFails(bytes).reason()).contains("reader schema io.starec.avro.Interaction cannot read writer schema id")
        .contains("io.starec.avro.Item").contains("NAME_MISMATCH");
  }

  @Test
  void handlersCanAddPartitionAndOffset() {
    SerdeException e = readFails(new byte[0]).withPosition(3, 42L);
    assertThat(e.partition()).isEqualTo(3);
    assertThat(e.offset()).isEqualTo(42L);
    assertThat(e.topic()).isEqualTo(TOPIC);
    assertThat(e.reason()).contains("empty payload");
    assertThat(e.getMessage()).contains("partition 3 offset 42");
  }

  @Test
  void unconfiguredSerdeSaysSo() {
    assertThatThrownBy(() -> new SpecificAvroDeserializer<>(Interaction.class).deserialize(TOPIC, new byte[1]))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema.registry.url");
  }

  @Test
  void autoRegisterOffRefusesUnregisteredSchemasClearly() {
    // Given auto.register.schemas=false and nothing registered
    Map<String, Object> lookupOnly = Map.of("schema.registry.url", "mock://" + scope, "auto.register.schemas", "false");
    SpecificAvroSerde<Interaction> strict = SpecificAvroSerde.forValue(Interaction.class, lookupOnly);

    // Then serializing fails naming the subject and the setting
    assertThatThrownBy(() -> strict.serializer().serialize("strict", SpecificAvroSerdeTest.interaction()))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("not registered under subject 'strict-value'")
        .hasMessageContaining("auto.register.schemas=false");

    // When the .avsc-equivalent schema is registered up front, the same serializer works with its id
    int id = InMemorySchemaRegistry.forScope(scope)
        .register("strict-value", AvroSchemas.languageNeutral(Interaction.getClassSchema()));
    byte[] bytes = strict.serializer().serialize("strict", SpecificAvroSerdeTest.interaction());
    assertThat(WireFormat.schemaIdOrMinusOne(bytes)).isEqualTo(id);
  }
}
