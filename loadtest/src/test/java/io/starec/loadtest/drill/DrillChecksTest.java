package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.schemas.serde.SerdeException;
import io.starec.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class DrillChecksTest {

  @Test
  void aHistoryPassesOnlyWithEveryEventOfTheUserExactlyOnce() {
    assertThat(KillDrill.exactlyOnce(List.of("e1", "e2", "e3"), List.of("e3", "e1", "e2"))).isTrue();
    assertThat(KillDrill.exactlyOnce(List.of("e1", "e2", "e2"), List.of("e1", "e2"))).as("duplicate").isFalse();
    assertThat(KillDrill.exactlyOnce(List.of("e1"), List.of("e1", "e2"))).as("lost").isFalse();
  }

  @Test
  void historyEventIdsAreReadFromTheMemoryJsonOfTheHttpApi() {
    String json = "{\"userId\": \"u1\", \"history\": [{\"eventId\": \"e1\", \"itemId\": \"i1\"}, "
        + "{\"eventId\": \"e2\", \"itemId\": \"i2\"}], \"description\": \"\"}";
    assertThat(KillDrill.historyEventIds(json)).containsExactly("e1", "e2");
    assertThat(KillDrill.historyEventIds(null)).isEmpty();
  }

  @Test
  void everyPoisonKindFailsWhereTheStreamAppLooksAtIt() {
    // Given a clean event and the serde the stream app reads interactions with
    Map<String, String> cfg = Map.of("schema.registry.url", "mock://drill-checks");
    Serde<Interaction> serde = Topics.withPrefix("t").interactions().valueSerde(cfg);
    Serializer<Interaction> avro = serde.serializer();
    Deserializer<Interaction> reader = serde.deserializer();
    Interaction near = Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId("i1")
        .setType(InteractionType.RATE).setRating(4.0).setTimestampMs(1_000L).build();

    // When the four kinds of poison are made
    ProducerRecord<String, byte[]> notAvro = PoisonDrill.poison("t", 0, near, avro);
    ProducerRecord<String, byte[]> unknownId = PoisonDrill.poison("t", 1, near, avro);
    ProducerRecord<String, byte[]> noItem = PoisonDrill.poison("t", 2, near, avro);
    ProducerRecord<String, byte[]> wrongKey = PoisonDrill.poison("t", 3, near, avro);

    // Then two fail to deserialize, and two deserialize into interactions the ingest flow rejects
    assertThatThrownBy(() -> reader.deserialize("t", notAvro.value())).isInstanceOf(SerdeException.class);
    assertThatThrownBy(() -> reader.deserialize("t", unknownId.value())).isInstanceOf(SerdeException.class);
    assertThat(reader.deserialize("t", noItem.value()).getItemId()).isEmpty();
    assertThat(wrongKey.key()).isNotEqualTo(reader.deserialize("t", wrongKey.value()).getUserId());
  }
}
