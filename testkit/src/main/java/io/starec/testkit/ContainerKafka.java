package io.starec.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers variant of the fixture broker: one {@code apache/kafka} container per JVM, for machines with
 * Docker. Selected by {@code STAREC_KAFKA_FIXTURE=testcontainers}; image overridable with {@code STAREC_KAFKA_IMAGE}.
 * Testcontainers' Ryuk removes the container when the JVM exits; a shutdown hook stops it earlier.
 */
public final class ContainerKafka {

  public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

  private static KafkaContainer container;

  private ContainerKafka() {
  }

  /** True if a Docker engine answers (costs < 1 s the first time). */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public static String image() {
    String img = System.getenv("STAREC_KAFKA_IMAGE");
    return img == null || img.isBlank() ? DEFAULT_IMAGE : img.trim();
  }

  /** Starts the container on first call and returns its bootstrap servers. */
  public static synchronized String bootstrapServers() {
    if (container == null) {
      if (!dockerAvailable()) {
        throw new IllegalStateException(KafkaFixture.FIXTURE_ENV + "=testcontainers but no Docker engine answers;"
            + " unset it to use the embedded broker");
      }
      KafkaContainer c = new KafkaContainer(image())
          .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
          .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
      c.start();
      container = c;
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "starec-kafka-container-stop"));
    }
    return container.getBootstrapServers();
  }
}
