package io.starec.loadtest.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stream app in a child JVM ({@link StreamAppMain}) on this JVM's classpath, with its output appended to a log
 * file. {@link #kill()} is kill -9 ({@link Process#destroyForcibly()}).
 */
public final class ChildStreamApp implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int httpPort;

  private ChildStreamApp(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** Starts the process and waits for its READY line (the HTTP port); Kafka Streams may still be starting. */
  public static ChildStreamApp start(Map<String, Object> config, Path logFile, Duration timeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx384m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.io.starec=info");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StreamAppMain.class.getName());
    config.forEach((k, v) -> cmd.add(k + "=" + v));
    Files.createDirectories(logFile.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process p = pb.start();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardOpenOption.CREATE,
              StandardOpenOption.APPEND))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith(StreamAppMain.READY)) {
            ready.complete(Integer.parseInt(line.substring(StreamAppMain.READY.length()).trim()));
          }
          log.println(line);
          log.flush();
        }
      } catch (IOException | RuntimeException e) {
        ready.completeExceptionally(e);
      } finally {
        ready.completeExceptionally(new IllegalStateException("stream app process ended before it was ready; see "
            + logFile));
      }
    }, "child-stream-app-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ChildStreamApp(p, ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("stream app process not ready within " + timeout + "; see " + logFile, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public int httpPort() {
    return httpPort;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9, and wait for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("process " + process.pid() + " survived kill -9 for 30 s");
    }
  }

  /** True while Kafka Streams in the child is RUNNING ({@code GET /health} = 200). */
  public boolean running() {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until {@link #running()}; false on timeout or if the process died. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end && process.isAlive()) {
      if (running()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The user's whole memory as the app's HTTP API renders it (the full view, AvroJson); null for 404; retries 503. */
  public String memoryJson(String userId) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        HttpResponse<String> r = get("/users/" + userId + "/memory?view=full"); // the whole record, as stored
        if (r.statusCode() == 200) {
          return r.body();
        }
        if (r.statusCode() == 404) {
          return null;
        }
        if (System.nanoTime() > end) {
          throw new IllegalStateException("memory of " + userId + ": HTTP " + r.statusCode() + " " + r.body());
        }
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          throw new UncheckedIOException(e);
        }
      }
      Thread.sleep(200);
    }
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** SIGTERM (the app closes cleanly), kill -9 after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
