package io.starec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaFixtureIT {

  @Test
  void createsTopicsWithPartitionsAndCarriesRecords() throws Exception {
    // Given a fresh topic with 3 partitions on the fixture broker
    String topic = KafkaFixture.uniqueId("fixture-it");
    KafkaFixture.createTopics(3, topic);
    try (Admin admin = KafkaFixture.admin()) {
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
    }
    // creating it again is harmless
    KafkaFixture.createTopics(3, topic);

    // When a record is produced with acks=all (idempotent producer: needs the RF-1 single-node setup)
    Properties pp = KafkaFixture.clientProperties();
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
           new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }

    // Then a consumer group reads it back
    Properties cp = KafkaFixture.clientProperties();
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("group"));
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> got = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
           new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (got.isEmpty() && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    assertThat(got).singleElement().satisfies(r -> {
      assertThat(r.key()).isEqualTo("k");
      assertThat(r.value()).isEqualTo("v");
    });
    assertThat(KafkaFixture.bootstrapServers()).startsWith(KafkaFixture.isExternal() ? "" : "127.0.0.1:");
  }
}
