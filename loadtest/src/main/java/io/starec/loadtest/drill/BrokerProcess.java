package io.starec.loadtest.drill;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker as an OS process, through {@code deploy/local/kafka-up.sh DIR} and {@code kafka-down.sh DIR} on
 * free ports: stopping keeps DIR, so {@link #start()} after {@link #stop()} restarts the same broker (same port,
 * same log dir, same topics and offsets).
 */
public final class BrokerProcess implements AutoCloseable {

  private final Path checkout;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private boolean running;

  public BrokerProcess(Path checkout, Path dir) throws IOException {
    this.checkout = checkout;
    this.dir = dir;
    this.port = freePort();
    int c = freePort();
    while (c == port) {
      c = freePort();
    }
    this.controllerPort = c;
    Files.createDirectories(dir);
  }

  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** Runs kafka-up.sh (formats DIR the first time); returns once the broker serves. */
  public synchronized void start() throws IOException, InterruptedException {
    script("kafka-up.sh", 180);
    running = true;
  }

  /** Runs kafka-down.sh: SIGTERM, controlled shutdown (kill -9 after 30 s); DIR is kept. */
  public synchronized void stop() throws IOException, InterruptedException {
    if (running) {
      script("kafka-down.sh", 60);
      running = false;
    }
  }

  private void script(String name, long timeoutSeconds) throws IOException, InterruptedException {
    Path log = dir.resolve(name + ".out");
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", checkout.resolve("deploy/local").resolve(name).toString(),
        dir.toString())).directory(checkout.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("KAFKA_PORT", Integer.toString(port));
    pb.environment().put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not finish in " + timeoutSeconds + " s; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(name + " failed (exit " + p.exitValue() + "): "
          + tail(log));
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (IOException | RuntimeException e) {
      // best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
