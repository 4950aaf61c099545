package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.testkit.KafkaFixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class TopicBootstrapperIT {

  @Test
  void createsMissingTopicsThenReportsDriftWithoutFailing() throws Exception {
    Topics topics = Topics.of(KafkaFixture.uniqueId("boot"), 2);
    try (Admin admin = KafkaFixture.admin()) {
      TopicBootstrapper bootstrapper = new TopicBootstrapper(admin);

      // Given nothing exists yet: a check lists every topic as missing
      TopicBootstrapper.Report before = bootstrapper.check(topics.all());
      assertThat(before.missing()).hasSize(topics.all().size());
      assertThat(before.healthy()).isFalse();

      // When ensure() runs
      TopicBootstrapper.Report created = bootstrapper.ensure(topics.all());

      // Then all topics exist with their partitions and cleanup policies, and clients see them at once
      assertThat(created.created()).hasSize(topics.all().size());
      assertThat(created.problems()).isEmpty();
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaFixture.clientProperties(),
          new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        assertThat(consumer.partitionsFor(topics.items().name())).hasSize(2);
      }
      assertThat(admin.describeTopics(List.of(topics.interactions().name())).allTopicNames().get()
          .get(topics.interactions().name()).partitions()).hasSize(2);
      ConfigResource items = new ConfigResource(ConfigResource.Type.TOPIC, topics.items().name());
      assertThat(admin.describeConfigs(List.of(items)).all().get().get(items).get("cleanup.policy").value())
          .isEqualTo("compact");

      // And a second run is idempotent
      TopicBootstrapper.Report again = bootstrapper.ensure(topics.all());
      assertThat(again.created()).isEmpty();
      assertThat(again.ok()).hasSize(topics.all().size());
      assertThat(again.healthy()).isTrue();

      // Given a registry that wants 4 partitions and a stray topic with the wrong policy
      Topics wider = Topics.of(topics.prefix(), 4);
      Topics other = Topics.of(KafkaFixture.uniqueId("drift"), 2);
      admin.createTopics(List.of(new NewTopic(other.items().name(), Optional.of(2), Optional.empty())
          .configs(Map.of("cleanup.policy", "delete")))).all().get();

      // When checked
      TopicBootstrapper.Report drift = bootstrapper.ensure(List.of(wider.interactions(), other.items()));

      // Then both are reported, nothing is changed and nothing throws
      assertThat(drift.problems()).hasSize(2);
      assertThat(drift.problems()).anySatisfy(p -> assertThat(p).contains(wider.interactions().name(),
          "has 2 partitions", "expected 4"));
      assertThat(drift.problems()).anySatisfy(p -> assertThat(p).contains(other.items().name(),
          "cleanup.policy is 'delete'"));
      assertThat(drift.created()).isEmpty();
    }
  }
}
