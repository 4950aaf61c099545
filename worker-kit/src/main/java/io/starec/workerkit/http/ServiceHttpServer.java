package io.starec.workerkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.starec.config.StarecConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A service's HTTP endpoints on the JDK's server: {@code GET /health} (JSON, 200 when up, 503 when not),
 * {@code GET /metrics} (Prometheus text) and the service's own routes. It binds when created (port 0 = any free
 * port), so the port is known before the service starts serving; {@link #close()} stops the server and its threads.
 *
 * <pre>{@code
 * ServiceHttpServer http = ServiceHttpServer.bind("starec-gateway", bindAddress, port, 1)
 *     .health(this::health).metrics(registry::scrape).start();
 * }</pre>
 */
public final class ServiceHttpServer implements AutoCloseable {

  /** Where a service listens unless configured otherwise: loopback only. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  public static final String JSON = "application/json";
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** A health answer: {@code up} decides 200 or 503, {@code json} is the body. */
  public record Health(boolean up, String json) {}

  private final HttpServer server;
  private final ExecutorService executor;

  private ServiceHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds a server that is not serving yet.
   *
   * @param name names its threads ({@code name-http})
   * @param bindAddress null or blank = {@link #DEFAULT_BIND_ADDRESS}
   * @param threads handler threads (more than one when a handler may block, e.g. forwards a request)
   * @throws BindException naming the address, the port and {@code http.port} when the port is taken
   */
  public static ServiceHttpServer bind(String name, String bindAddress, int port, int threads) throws IOException {
    String address = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress;
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (BindException e) {
      // the JDK's message names neither the port nor the setting that chose it
      BindException clear = new BindException("cannot listen on " + address + ":" + port + " (" + e.getMessage()
          + "): another process holds the port; set " + StarecConfig.HTTP_PORT + " to a free port, or 0 for any");
      clear.initCause(e);
      throw clear;
    }
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    return new ServiceHttpServer(server, executor);
  }

  /** {@code GET /health}. */
  public ServiceHttpServer health(Supplier<Health> health) {
    return route("/health", getOnly(ex -> {
      Health h = health.get();
      send(ex, h.up() ? 200 : 503, JSON, h.json());
    }));
  }

  /** {@code GET /metrics}: the Prometheus text the supplier scrapes. */
  public ServiceHttpServer metrics(Supplier<String> prometheusText) {
    return route("/metrics", getOnly(ex -> send(ex, 200, PROMETHEUS_TEXT, prometheusText.get())));
  }

  /** A service's own route: every request whose path starts with {@code pathPrefix}, any method. */
  public ServiceHttpServer route(String pathPrefix, HttpHandler handler) {
    server.createContext(pathPrefix, handler);
    return this;
  }

  /** Starts serving. */
  public ServiceHttpServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Sends a whole response and closes the exchange. */
  public static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a whole response and closes the exchange. */
  public static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static HttpHandler getOnly(HttpHandler handler) {
    return ex -> {
      if ("GET".equals(ex.getRequestMethod())) {
        handler.handle(ex);
      } else {
        try (ex) {
          ex.sendResponseHeaders(405, -1);
        }
      }
    };
  }

  /** Stops accepting, then stops the handler threads (waiting a moment for them). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
