package io.starec.gateway.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code GET /health} (JSON, 200 or 503) and {@code GET /metrics} (Prometheus text), bound to one address. */
public final class HealthServer implements AutoCloseable {

  /** A health answer. */
  public record Health(boolean up, String json) {}

  private final HttpServer server;

  public HealthServer(String bindAddress, int port, Supplier<Health> health, Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    server.createContext("/health", ex -> {
      Health h = health.get();
      send(ex, h.up() ? 200 : 503, "application/json", h.json());
    });
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "starec-gateway-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!"GET".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(405, -1);
      ex.close();
      return;
    }
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
