package io.starec.localkafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker (KRaft, combined broker+controller, single node) inside this JVM.
 *
 * <p>Formats a fresh temp directory with {@link Formatter} and runs {@link KafkaRaftServer}; the directory is
 * deleted on {@link #stop()}. Both are internal Kafka APIs, hence the pinned Kafka version (DESIGN §9).
 * Listens on 127.0.0.1 only. Single-node settings: replication factor 1 / min ISR 1 for every internal topic
 * (otherwise transactions and consumer groups hang), no initial rebalance delay, no topic auto-creation.
 *
 * <p>{@code main} runs the same broker in the foreground on a fixed port (default 9092) for the demo.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;

  private final int requestedPort;
  private final Map<String, String> overrides;

  private KafkaRaftServer server;
  private Path dataDir;
  private int port = -1;

  /** A broker on a free random port. */
  public EmbeddedKafkaBroker() {
    this(0, Map.of());
  }

  /**
   * @param port client port on 127.0.0.1, or 0 for a free random one
   * @param overrides extra broker properties, applied last
   */
  public EmbeddedKafkaBroker(int port, Map<String, String> overrides) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    this.requestedPort = port;
    this.overrides = Map.copyOf(overrides);
  }

  /** Formats a temp directory and starts the broker; returns once it serves requests. Idempotent. */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    quietBrokerLoggingUnlessConfigured();
    RuntimeException last = null;
    // Random ports are picked before binding, so another process may grab one in between: retry.
    int attempts = requestedPort == 0 ? START_ATTEMPTS : 1;
    for (int i = 0; i < attempts; i++) {
      try {
        startOnce();
        return this;
      } catch (RuntimeException e) {
        last = e;
        LOG.warn("Kafka broker start attempt {} failed: {}", i + 1, e.toString());
        stopQuietly();
      }
    }
    throw last;
  }

  private void startOnce() {
    long t0 = System.nanoTime();
    int clientPort = requestedPort != 0 ? requestedPort : freePort();
    int controllerPort = freePort();
    try {
      dataDir = Files.createTempDirectory("starec-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create broker data dir", e);
    }
    String logDir = dataDir.resolve("kraft-logs").toString();
    Properties props = brokerProperties(clientPort, controllerPort, logDir, overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDir)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("formatting " + logDir + " failed", e);
    }
    KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
    server = s;
    s.startup(); // returns once the broker is serving
    port = clientPort;
    LOG.info("Embedded Kafka broker ready at {} in {} ms (data {})",
        bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, dataDir);
  }

  /** The single-node configuration; exposed for tests and for documentation of what we run. */
  static Properties brokerProperties(int clientPort, int controllerPort, String logDir, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort); // static quorum
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /** {@code 127.0.0.1:<port>}. */
  public synchronized String bootstrapServers() {
    if (server == null) {
      throw new IllegalStateException("broker not started");
    }
    return HOST + ":" + port;
  }

  public synchronized int port() {
    return port;
  }

  /** The broker's temp directory while running (deleted by {@link #stop()}), else null. */
  public synchronized Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Controlled shutdown, then deletes the data directory. Idempotent. */
  public synchronized void stop() {
    if (server == null && dataDir == null) {
      return;
    }
    long t0 = System.nanoTime();
    stopQuietly();
    LOG.info("Embedded Kafka broker stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private void stopQuietly() {
    KafkaRaftServer s = server;
    server = null;
    port = -1;
    if (s != null) {
      try {
        s.shutdown();
        s.awaitShutdown();
      } catch (RuntimeException e) {
        LOG.warn("Kafka broker shutdown failed: {}", e.toString());
      }
    }
    if (dataDir != null) {
      deleteRecursively(dataDir);
      dataDir = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a file still held open by a dying log segment
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  /**
   * The broker logs hundreds of INFO lines per start through whatever slf4j binding is present. With
   * slf4j-simple (tests, CLI) turn the broker-side loggers down to WARN unless the user configured them.
   */
  private static void quietBrokerLoggingUnlessConfigured() {
    for (String name : new String[] {"kafka", "state.change.logger", "org.apache.kafka.server",
        "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
        "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
        "org.apache.kafka.network", "org.apache.kafka.common.network", "org.apache.kafka.queue",
        "org.apache.kafka.security", "org.apache.kafka.common.security",
        "org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.snapshot"}) {
      String key = "org.slf4j.simpleLogger.log." + name;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  /** Runs a broker in the foreground: {@code EmbeddedKafkaBroker [port]} (default 9092); Ctrl-C stops it. */
  public static void main(String[] args) throws InterruptedException {
    int p = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(p, Map.of()).start();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.stop();
      done.countDown();
    }, "embedded-kafka-stop"));
    System.out.println("KAFKA_BOOTSTRAP=" + broker.bootstrapServers());
    done.await();
  }
}
