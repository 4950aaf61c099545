package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.schemas.evolution.SchemaEvolutionCheck;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

  @Test
  void strippingGeneratedClassSchemasGivesExactlyTheAvscSchemas() throws Exception {
    // Given every top-level .avsc of the module and its generated class
    Map<String, Schema> avsc = SchemaEvolutionCheck.loadCurrent(Path.of("src/main/avro"));
    assertThat(avsc).containsKeys("Interaction", "Item", "RankingRequest", "RankingResponse", "RewardRecord");

    for (Map.Entry<String, Schema> e : avsc.entrySet()) {
      Schema generated = SpecificData.get().getSchema(Class.forName("io.starec.avro." + e.getKey()));
      // Then the language-neutral form equals the .avsc (same registry id, same fingerprint)
      Schema neutral = AvroSchemas.languageNeutral(generated);
      assertThat(neutral).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(neutral.toString()).as(e.getKey()).isEqualTo(e.getValue().toString())
          .doesNotContain(AvroSchemas.JAVA_STRING_PROP);
    }
  }

  @Test
  void schemasWithoutJavaPropertiesAreReturnedAsIs() {
    Schema plain = AvroSchemas.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");
    assertThat(AvroSchemas.languageNeutral(plain)).isSameAs(plain);
  }
}
