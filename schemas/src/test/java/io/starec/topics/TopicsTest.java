package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.ItemStats;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void defaultNamesFollowTheDesign() {
    Topics t = Topics.defaults();

    assertThat(t.all()).extracting(Topic::name).containsExactly(
        "starec.items", "starec.users", "starec.interactions", "starec.ranking.requests",
        "starec.ranking.responses", "starec.inference.requests", "starec.inference.results",
        "starec.training.rewards", "starec.policy.updates", "starec.item-stats", "starec.dlq");
  }

  @Test
  void itemStatsAreACompactedTableOfItemStatsRecordsCreatedWithTheRest() {
    Topics t = Topics.of("x", 6);
    Topic<String, ItemStats> stats = t.itemStats();
    Map<String, Object> cfg = Map.of("schema.registry.url", "mock://topics-test");
    ItemStats in = ItemStats.newBuilder().setItemId("i1").setInteractionCount(3).setLikeCount(2)
        .setCooccurring(List.of()).build();

    // the bootstrapper and `starec topics --create` create what all() lists
    assertThat(t.all()).contains(stats);
    assertThat(stats.name()).isEqualTo("x.item-stats");
    assertThat(stats.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    assertThat(stats.retentionMs()).isEqualTo(Topic.RETAIN_FOREVER);
    assertThat(stats.topicConfigs()).containsOnly(Map.entry("cleanup.policy", "compact"));
    assertThat(stats.partitions()).isEqualTo(6);
    try (Serde<ItemStats> serde = stats.valueSerde(cfg)) {
      assertThat(serde.deserializer().deserialize(stats.name(), serde.serializer().serialize(stats.name(), in)))
          .isEqualTo(in);
    }
  }

  @Test
  void aRenamedTopicKeepsItsSerdesAndSettings() {
    Topic<String, ItemStats> stats = Topics.of("x", 6).itemStats();

    Topic<String, ItemStats> renamed = stats.withName("x.item-stats-control");

    assertThat(renamed.name()).isEqualTo("x.item-stats-control");
    assertThat(renamed.keySerde()).isSameAs(stats.keySerde());
    assertThat(renamed.partitions()).isEqualTo(6);
    assertThat(renamed.topicConfigs()).isEqualTo(stats.topicConfigs());
    assertThat(renamed.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    ItemStats in = ItemStats.newBuilder().setItemId("i2").setCooccurring(List.of()).build();
    try (Serde<ItemStats> serde = renamed.valueSerde(Map.of("schema.registry.url", "mock://topics-test"))) {
      byte[] bytes = serde.serializer().serialize(renamed.name(), in);
      assertThat(serde.deserializer().deserialize(renamed.name(), bytes)).isEqualTo(in);
    }
  }

  @Test
  void tablesAreCompactedAndEventsExpire() {
    Topics t = Topics.defaults();

    assertThat(t.items().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    assertThat(t.users().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    assertThat(t.policyUpdates().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    assertThat(t.items().retentionMs()).isEqualTo(Topic.RETAIN_FOREVER);
    assertThat(t.items().topicConfigs()).containsOnly(Map.entry("cleanup.policy", "compact"));
    assertThat(t.itemStats().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
    for (Topic<?, ?> event : new Topic<?, ?>[] {t.interactions(), t.rankingRequests(), t.rankingResponses(),
        t.inferenceRequests(), t.inferenceResults(), t.trainingRewards(), t.dlq()}) {
      assertThat(event.cleanupPolicy()).as(event.name()).isEqualTo(CleanupPolicy.DELETE);
      assertThat(event.retentionMs()).as(event.name()).isPositive();
      assertThat(event.topicConfigs()).as(event.name())
          .containsEntry("cleanup.policy", "delete")
          .containsEntry("retention.ms", Long.toString(event.retentionMs()))
          // replayed events are years old: retention must run on arrival time
          .containsEntry("message.timestamp.type", "LogAppendTime");
    }
  }

  @Test
  void userKeyedTopicsAreCoPartitioned() {
    Topics t = Topics.of("x", 6);

    assertThat(new Topic<?, ?>[] {t.users(), t.interactions(), t.rankingRequests(), t.rankingResponses(),
        t.inferenceRequests(), t.inferenceResults()})
        .extracting(Topic::partitions).containsOnly(6);
    assertThat(Topics.defaults().interactions().partitions()).isEqualTo(Topics.DEFAULT_PARTITIONS);
  }

  @Test
  void prefixNamesEveryTopicAndToleratesATrailingDot() {
    assertThat(Topics.withPrefix("t-42").interactions().name()).isEqualTo("t-42.interactions");
    assertThat(Topics.withPrefix("t-42.").dlq().name()).isEqualTo("t-42.dlq");
    assertThat(Topics.withPrefix("t-42.").prefix()).isEqualTo("t-42");
  }

  @Test
  void rejectsIllegalPrefixesAndPartitionCounts() {
    assertThatThrownBy(() -> Topics.withPrefix("bad prefix")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-zA-Z0-9._-]").hasMessageContaining("bad prefix");
    assertThatThrownBy(() -> Topics.withPrefix("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.of("ok", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }

  @Test
  void valueSerdeRoundTripsThroughTheConfiguredRegistry() {
    // Given the interactions topic and an in-memory registry
    Topic<String, Interaction> topic = Topics.withPrefix("serde-test").interactions();
    Map<String, Object> cfg = Map.of("schema.registry.url", "mock://topics-test");
    Interaction in = Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
        .setType(InteractionType.CLICK).setTimestampMs(1L).build();

    // When it goes through the topic's serdes
    try (Serde<Interaction> serde = topic.valueSerde(cfg)) {
      byte[] bytes = serde.serializer().serialize(topic.name(), in);
      Interaction out = serde.deserializer().deserialize(topic.name(), bytes);

      // Then the record survives and keys are plain strings
      assertThat(bytes[0]).isZero(); // Confluent wire format magic byte
      assertThat(out).isEqualTo(in);
    }
    assertThat(topic.keySerde().serializer().serialize(topic.name(), "u1")).isEqualTo("u1".getBytes());
  }

  @Test
  void dlqCarriesRawBytes() {
    Topic<byte[], byte[]> dlq = Topics.defaults().dlq();
    byte[] junk = {1, 2, 3};

    assertThat(dlq.valueSerde(Map.of()).deserializer().deserialize(dlq.name(), junk)).isEqualTo(junk);
    assertThat(dlq.keySerde().serializer().serialize(dlq.name(), junk)).isEqualTo(junk);
  }

  @Test
  void cleanupPolicyMatchesBrokerValuesExactly() {
    assertThat(CleanupPolicy.COMPACT.matches("compact")).isTrue();
    assertThat(CleanupPolicy.COMPACT.matches(" compact ")).isTrue();
    assertThat(CleanupPolicy.COMPACT.matches("compact,delete")).isFalse();
    assertThat(CleanupPolicy.DELETE.matches("compact")).isFalse();
    assertThat(CleanupPolicy.DELETE.matches(null)).isFalse();
  }
}
