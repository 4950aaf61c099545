package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.EventSource;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.schemas.registry.SchemaRegistryClient;
import io.starec.schemas.registry.SchemaRegistryClients;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.testkit.KafkaFixture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The foundation end to end: our serializer writes an Interaction to the real broker, a separate consumer with its
 * own registry client decodes it. Uses the real registry when SCHEMA_REGISTRY_URL is set (.ci/run), else mock://.
 */
class InteractionRoundTripIT {

  @Test
  void interactionProducedWithOurSerializerIsDecodedByAFreshConsumer() throws Exception {
    // Given the topics of a fresh prefix on the broker, and a registry
    Topics topics = Topics.withPrefix(KafkaFixture.uniqueId("e2e"));
    Topic<String, Interaction> topic = topics.interactions();
    try (Admin admin = KafkaFixture.admin()) {
      assertThat(new TopicBootstrapper(admin).ensure(List.of(topic)).problems()).isEmpty();
    }
    String registryUrl = KafkaFixture.registryUrl();
    Interaction sent = Interaction.newBuilder()
        .setEventId("ev-1").setUserId("user-7").setItemId("item-42").setType(InteractionType.RATE)
        .setRating(4.5).setTimestampMs(1_700_000_000_000L).setSource(EventSource.REPLAY).build();

    // When a producer with our serializer (auto-registering the schema) sends it
    Properties pp = KafkaFixture.clientProperties();
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    SpecificAvroSerializer<Interaction> serializer = new SpecificAvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", registryUrl), false);
    try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(pp, new StringSerializer(), serializer)) {
      producer.send(new ProducerRecord<>(topic.name(), sent.getUserId(), sent)).get();
    }

    // Then a separate consumer, whose deserializer builds its own registry client from the URL, decodes it
    Properties cp = KafkaFixture.clientProperties();
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("e2e-group"));
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.currentTimeMillis() + 30_000;
      while (raw.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(raw::add);
      }
    }
    assertThat(raw).hasSize(1);
    ConsumerRecord<String, byte[]> record = raw.get(0);
    assertThat(record.key()).isEqualTo("user-7");

    SpecificAvroDeserializer<Interaction> deserializer = new SpecificAvroDeserializer<>(Interaction.class);
    deserializer.configure(Map.of("schema.registry.url", registryUrl), false);
    Interaction received = deserializer.deserialize(topic.name(), record.value());
    deserializer.close();
    assertThat(received).isEqualTo(sent);

    // And the bytes are Confluent's wire format: magic 0, then a schema id the registry knows
    ByteBuffer buf = ByteBuffer.wrap(record.value());
    assertThat(buf.get()).isZero();
    int schemaId = buf.getInt();
    SchemaRegistryClient fresh = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
    try {
      assertThat(fresh.getSchemaById(schemaId).getFullName()).isEqualTo("io.starec.avro.Interaction");
    } finally {
      fresh.close();
    }
  }
}
