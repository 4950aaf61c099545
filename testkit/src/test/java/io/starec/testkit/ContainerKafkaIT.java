package io.starec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs only where Docker exists (skipped cleanly elsewhere); the embedded broker is tested without it. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerKafkaIT {

  @Test
  void containerBrokerAcceptsTopics() throws Exception {
    // Given the Testcontainers variant of the fixture
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ContainerKafka.bootstrapServers());

    // When a topic is created
    String topic = KafkaFixture.uniqueId("container-it");
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();

      // Then the broker lists it with its partitions
      assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
    }
  }
}
