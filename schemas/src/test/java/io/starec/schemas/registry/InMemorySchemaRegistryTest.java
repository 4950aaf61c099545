package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
  static final Schema V1 = AvroSchemas.parse(
      "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}");
  static final Schema V2_WITH_DEFAULT = AvroSchemas.parse("{\"type\":\"record\",\"name\":\"User\",\"fields\":["
      + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
  static final Schema V3_NO_DEFAULT = AvroSchemas.parse("{\"type\":\"record\",\"name\":\"User\",\"fields\":["
      + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"email\",\"type\":\"string\"}]}");

  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("mem-" + UUID.randomUUID());

  @Test
  void reRegisteringReturnsTheSameIdAndIdsAreGlobalAcrossSubjects() {
    int id = registry.register("a-value", V1);
    assertThat(registry.register("a-value", V1)).isEqualTo(id);
    assertThat(registry.register("b-value", V1)).isEqualTo(id);
    assertThat(registry.getId("a-value", V1)).isEqualTo(id);
    assertThat(registry.getSchemaById(id)).isEqualTo(V1);
    assertThat(registry.getAllSubjects()).containsExactly("a-value", "b-value");
  }

  @Test
  void versionsGrowAndLatestIsTheNewest() {
    registry.register("s", V1);
    int id2 = registry.register("s", V2_WITH_DEFAULT);
    SchemaRegistryClient.SchemaMetadata latest = registry.getLatestSchemaMetadata("s");
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(id2);
    assertThat(latest.schema()).isEqualTo(V2_WITH_DEFAULT);
  }

  @Test
  void backwardIsTheDefaultAndRefusesAFieldWithoutDefault() {
    // Given a subject with v1
    registry.register("s", V1);

    // Then the compatibility endpoint and registration agree that v3 is incompatible
    SchemaRegistryClient.CompatibilityResult verdict = registry.checkCompatibility("s", V3_NO_DEFAULT);
    assertThat(verdict.compatible()).isFalse();
    assertThat(verdict.messages()).anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    assertThat(registry.testCompatibility("s", V2_WITH_DEFAULT)).isTrue();
    RegistryException refused = catchThrowableOfType(RegistryException.class, () -> registry.register("s", V3_NO_DEFAULT));
    assertThat(refused.isIncompatible()).isTrue();
    assertThat(refused.httpStatus()).isEqualTo(409);
    assertThat(refused.getMessage()).contains("subject 's'").contains("incompatible").contains("email");
  }

  @Test
  void levelNoneAcceptsAnything() {
    registry.register("s", V1);
    registry.updateCompatibility("s", CompatibilityLevel.NONE);
    assertThat(registry.register("s", V3_NO_DEFAULT)).isPositive();
  }

  @Test
  void lookupsOfUnknownThingsAreNotFound() {
    assertThat(catchThrowableOfType(RegistryException.class, () -> registry.getSchemaById(999)).errorCode())
        .isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
    assertThat(catchThrowableOfType(RegistryException.class, () -> registry.getId("nope", V1)).isNotFound()).isTrue();
    registry.register("s", V1);
    assertThat(catchThrowableOfType(RegistryException.class, () -> registry.getId("s", V2_WITH_DEFAULT)).errorCode())
        .isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
    assertThat(registry.checkCompatibility("fresh", V3_NO_DEFAULT).compatible()).isTrue();
  }

  @Test
  void forwardAndFullLevelsCheckTheOtherDirection() {
    Schema dropsName = AvroSchemas.parse("{\"type\":\"record\",\"name\":\"User\",\"fields\":["
        + "{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
    assertThat(CompatibilityLevel.BACKWARD.check(dropsName, java.util.List.of(V1))).isEmpty();
    assertThat(CompatibilityLevel.FORWARD.check(dropsName, java.util.List.of(V1))).isNotEmpty();
    assertThat(CompatibilityLevel.FULL.check(V2_WITH_DEFAULT, java.util.List.of(V1))).isEmpty();
    assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
  }
}
