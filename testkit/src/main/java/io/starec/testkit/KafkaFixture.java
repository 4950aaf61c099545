package io.starec.testkit;

import io.starec.localkafka.EmbeddedKafkaBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The real Kafka that tests (and the demo) talk to.
 *
 * <p>Where it comes from, first match wins:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP} (environment variable or system property): an external broker, e.g. the one
 *       {@code .ci/run} starts with {@code deploy/local/kafka-up.sh};</li>
 *   <li>{@code STAREC_KAFKA_FIXTURE=testcontainers} (environment or system property {@code starec.kafka.fixture}):
 *       one Testcontainers Kafka per JVM, needs Docker;</li>
 *   <li>otherwise one {@link EmbeddedKafkaBroker} per JVM, started on first use and stopped by a shutdown hook.</li>
 * </ol>
 * Tests share the broker, so they isolate themselves by name: {@link #uniqueId(String)} for topics and
 * application ids.
 */
public final class KafkaFixture {

  public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP";
  public static final String REGISTRY_ENV = "SCHEMA_REGISTRY_URL";
  public static final String FIXTURE_ENV = "STAREC_KAFKA_FIXTURE";

  private static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String RUN_ID = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
      + Long.toString(ProcessHandle.current().pid(), 36);

  private static EmbeddedKafkaBroker embedded;
  private static String bootstrap;

  private KafkaFixture() {
  }

  /** Bootstrap servers of the broker for this JVM; starts an embedded broker on first call if needed. */
  public static synchronized String bootstrapServers() {
    if (bootstrap != null) {
      return bootstrap;
    }
    String external = setting(BOOTSTRAP_ENV, BOOTSTRAP_ENV);
    if (external != null) {
      bootstrap = external;
    } else if ("testcontainers".equalsIgnoreCase(setting(FIXTURE_ENV, "starec.kafka.fixture"))) {
      bootstrap = ContainerKafka.bootstrapServers();
    } else {
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker();
      broker.start();
      embedded = broker;
      Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "starec-kafka-fixture-stop"));
      bootstrap = broker.bootstrapServers();
    }
    return bootstrap;
  }

  /** True when the broker is not started by this JVM ({@code KAFKA_BOOTSTRAP} is set). */
  public static boolean isExternal() {
    return setting(BOOTSTRAP_ENV, BOOTSTRAP_ENV) != null;
  }

  /** Minimal client properties (bootstrap.servers) for producers, consumers and admin clients. */
  public static Properties clientProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return p;
  }

  /** An admin client for the fixture broker; the caller closes it. */
  public static Admin admin() {
    Properties p = clientProperties();
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return Admin.create(p);
  }

  /** Creates single-partition topics (broker default replication) and waits until they have leaders. */
  public static void createTopics(String... names) {
    createTopics(1, names);
  }

  /**
   * Creates topics with {@code partitions} partitions and waits until every partition has a leader. Topics that
   * already exist are left as they are.
   */
  public static void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
    }
    try (Admin admin = admin()) {
      for (var e : admin.createTopics(topics).values().entrySet()) {
        try {
          e.getValue().get(TOPIC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + e.getKey(), ex.getCause());
          }
        }
      }
      awaitLeaders(admin, Set.copyOf(Arrays.asList(names)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topics not created within " + TOPIC_WAIT + ": " + Arrays.toString(names), e);
    }
  }

  // createTopics() completes on the controller; the broker may not serve the partitions yet.
  private static void awaitLeaders(Admin admin, Set<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + TOPIC_WAIT.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get();
        boolean ready = d.values().stream()
            .flatMap(t -> t.partitions().stream())
            .map(TopicPartitionInfo::leader)
            .allMatch(l -> l != null && !l.isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topics " + names, e.getCause());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics have no leader after " + TOPIC_WAIT + ": " + names);
      }
      Thread.sleep(50);
    }
  }

  /** A name unique in this JVM and across runs against a shared broker: {@code prefix-<run>-<n>}. */
  public static String uniqueId(String prefix) {
    return prefix + "-" + RUN_ID + "-" + COUNTER.incrementAndGet();
  }

  /**
   * {@code SCHEMA_REGISTRY_URL} if set (a real registry), else a fresh {@code mock://} scope (in-memory registry
   * shared by every serde in this JVM that uses the same URL). Each call without the variable returns a new scope,
   * so a test calls this once and hands the URL to all of its clients.
   */
  public static String registryUrl() {
    String url = setting(REGISTRY_ENV, REGISTRY_ENV);
    return url != null ? url : "mock://" + uniqueId("registry");
  }

  /** The embedded broker if this JVM started one (null with an external broker or Testcontainers). */
  public static synchronized EmbeddedKafkaBroker embeddedBroker() {
    return embedded;
  }

  private static String setting(String env, String sysProp) {
    String v = System.getProperty(sysProp);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }
}
