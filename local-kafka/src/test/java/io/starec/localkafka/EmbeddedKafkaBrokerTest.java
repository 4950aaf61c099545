package io.starec.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

  @Test
  void singleNodeSettingsKeepInternalTopicsAtReplicationOne() {
    // When
    Properties p = EmbeddedKafkaBroker.brokerProperties(9999, 9998, "/tmp/x", Map.of());

    // Then: a one-node cluster can host offsets, transaction and share state
    assertThat(p).containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9999,CONTROLLER://127.0.0.1:9998")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9999")
        .containsEntry("log.dirs", "/tmp/x");
  }

  @Test
  void overridesWin() {
    Properties p = EmbeddedKafkaBroker.brokerProperties(1, 2, "/d", Map.of("auto.create.topics.enable", "true"));

    assertThat(p).containsEntry("auto.create.topics.enable", "true");
  }

  @Test
  void rejectsInvalidPortAndUnstartedAccess() {
    assertThatThrownBy(() -> new EmbeddedKafkaBroker(70000, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    EmbeddedKafkaBroker notStarted = new EmbeddedKafkaBroker();
    assertThat(notStarted.isRunning()).isFalse();
    assertThatThrownBy(notStarted::bootstrapServers).isInstanceOf(IllegalStateException.class);
    notStarted.stop(); // stopping a never-started broker is a no-op
  }

  @Test
  void freePortIsUsable() {
    assertThat(EmbeddedKafkaBroker.freePort()).isBetween(1, 65535);
  }
}
