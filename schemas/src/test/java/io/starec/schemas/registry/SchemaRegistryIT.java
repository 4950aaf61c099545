package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.starec.avro.EventSource;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.schemas.evolution.SchemaEvolutionCheck;
import io.starec.schemas.serde.SerdeException;
import io.starec.schemas.serde.SpecificAvroSerde;
import io.starec.schemas.serde.WireFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client and serdes against a real Confluent-API registry (CI: Apicurio 2.4.2 from deploy/local/registry-up.sh,
 * which prints the SCHEMA_REGISTRY_URL to export). Every test uses its own subjects.
 */
class SchemaRegistryIT {
  private String url;
  private Map<String, Object> cfg;
  private final String topic = "it-" + UUID.randomUUID();

  @BeforeEach
  void requireRegistry() {
    url = System.getenv("SCHEMA_REGISTRY_URL");
    assumeThat(url).as("SCHEMA_REGISTRY_URL is not set: start a registry with `deploy/local/registry-up.sh DIR` "
        + "and export the SCHEMA_REGISTRY_URL it prints (CI always sets it)").isNotBlank();
    cfg = Map.of("schema.registry.url", url);
  }

  private static Interaction interaction(String id) {
    return Interaction.newBuilder().setEventId(id).setUserId("u").setItemId("i").setType(InteractionType.VIEW)
        .setTimestampMs(1L).setSource(EventSource.LIVE).build();
  }

  @Test
  void registerIsIdempotentAndIdsResolve() {
    // Given a client on the real registry
    SchemaRegistryClient client = SchemaRegistryClients.create(cfg);
    String subject = SubjectNames.value(topic);

    // When the same schema is registered twice
    int id = client.register(subject, InMemorySchemaRegistryTest.V1);
    int again = client.register(subject, InMemorySchemaRegistryTest.V1);

    // Then the id is stable and a fresh client (empty caches) resolves it every way
    assertThat(again).isEqualTo(id);
    SchemaRegistryClient fresh = SchemaRegistryClients.create(cfg);
    assertThat(fresh.register(subject, InMemorySchemaRegistryTest.V1)).isEqualTo(id);
    assertThat(SchemaRegistryClients.create(cfg).getId(subject, InMemorySchemaRegistryTest.V1)).isEqualTo(id);
    assertThat(SchemaRegistryClients.create(cfg).getSchemaById(id)).isEqualTo(InMemorySchemaRegistryTest.V1);
    SchemaRegistryClient.SchemaMetadata latest = SchemaRegistryClients.create(cfg).getLatestSchemaMetadata(subject);
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.version()).isEqualTo(1);
    assertThat(fresh.getAllSubjects()).contains(subject);
  }

  @Test
  void incompatibleSchemaIsRefusedClearlyUnderBackward() {
    // Given a subject with v1 and BACKWARD compatibility (Apicurio defaults to NONE)
    SchemaRegistryClient client = SchemaRegistryClients.create(cfg);
    String subject = SubjectNames.value(topic);
    client.register(subject, InMemorySchemaRegistryTest.V1);
    client.updateCompatibility(subject, CompatibilityLevel.BACKWARD);

    // Then the compatibility endpoint says no to a field without default, yes to one with a default
    SchemaRegistryClient.CompatibilityResult no = client.checkCompatibility(subject, InMemorySchemaRegistryTest.V3_NO_DEFAULT);
    assertThat(no.compatible()).isFalse();
    assertThat(client.testCompatibility(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT)).isTrue();

    // and registering the incompatible one fails with status, code and the registry's reason
    assertThatThrownBy(() -> client.register(subject, InMemorySchemaRegistryTest.V3_NO_DEFAULT))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.isIncompatible()).isTrue();
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.getMessage()).contains("subject '" + subject + "'").contains("HTTP 409")
              .contains("incompatible schema");
        });
    assertThat(client.register(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT)).isPositive();
  }

  @Test
  void aRecordWrittenByOneClientIsReadByAFreshOneThatOnlyKnowsTheUrl() {
    // Given a producer-side serde that registers on first use
    byte[] bytes = SpecificAvroSerde.forValue(Interaction.class, cfg).serializer().serialize(topic, interaction("e-1"));

    // When a brand-new serde (new client, empty caches) reads the bytes
    Interaction read = SpecificAvroSerde.forValue(Interaction.class, Map.of("schema.registry.url", url))
        .deserializer().deserialize(topic, bytes);

    // Then the record survives and the id is the registry's
    assertThat(read).isEqualTo(interaction("e-1"));
    assertThat(WireFormat.schemaIdOrMinusOne(bytes))
        .isEqualTo(SchemaRegistryClients.create(cfg).getLatestSchemaMetadata(topic + "-value").id());
  }

  @Test
  void theGeneratedClassAndTheAvscGetTheSameId() {
    // Given the .avsc registered by a deploy step
    org.apache.avro.Schema avsc = SchemaEvolutionCheck.loadCurrent(Path.of("src/main/avro")).get("Interaction");
    int id = SchemaRegistryClients.create(cfg).register(SubjectNames.value(topic), avsc);

    // When an application with auto.register.schemas=false writes with the generated class
    Map<String, Object> strict = Map.of("schema.registry.url", url, "auto.register.schemas", false);
    byte[] bytes = SpecificAvroSerde.forValue(Interaction.class, strict).serializer().serialize(topic, interaction("x"));

    // Then it finds the same schema id (the Java-only string property is not registered)
    assertThat(WireFormat.schemaIdOrMinusOne(bytes)).isEqualTo(id);
  }

  @Test
  void lookupOnlySerializerFailsClearlyForAnUnregisteredSchema() {
    Map<String, Object> strict = Map.of("schema.registry.url", url, "auto.register.schemas", "false");
    assertThatThrownBy(() -> SpecificAvroSerde.forValue(Interaction.class, strict).serializer()
        .serialize(topic, interaction("x")))
        .isInstanceOf(SerdeException.class)
        .hasMessageContaining("not registered under subject '" + topic + "-value'")
        .hasMessageContaining("auto.register.schemas=false");
  }

  @Test
  void unknownIdOnTheRealRegistryIsASerdeException() {
    byte[] bytes = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 'x'};
    assertThatThrownBy(() -> SpecificAvroSerde.forValue(Interaction.class, cfg).deserializer().deserialize(topic, bytes))
        .isInstanceOfSatisfying(SerdeException.class, e -> {
          assertThat(e.topic()).isEqualTo(topic);
          assertThat(e.reason()).contains("unknown schema id " + 0x7f7f7f7f).contains("HTTP 404");
        });
  }
}
