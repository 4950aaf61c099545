package io.starec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

class KafkaFixtureTest {

  @Test
  void uniqueIdsDoNotRepeatAndKeepThePrefix() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(KafkaFixture.uniqueId("orders"));
    }
    assertThat(ids).hasSize(1000).allMatch(id -> id.startsWith("orders-"));
  }

  @Test
  @DisabledIfEnvironmentVariable(named = "SCHEMA_REGISTRY_URL", matches = ".+")
  void withoutARealRegistryEachCallGetsItsOwnMockScope() {
    String a = KafkaFixture.registryUrl();
    String b = KafkaFixture.registryUrl();

    assertThat(a).startsWith("mock://");
    assertThat(b).startsWith("mock://").isNotEqualTo(a);
  }

  @Test
  void rejectsZeroPartitionsBeforeTouchingKafka() {
    assertThatThrownBy(() -> KafkaFixture.createTopics(0, "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions");
  }
}
