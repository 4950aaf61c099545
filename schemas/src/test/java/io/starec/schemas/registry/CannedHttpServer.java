package io.starec.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** A tiny HTTP(S) server on 127.0.0.1 answering canned replies and recording requests (JDK only). */
final class CannedHttpServer implements AutoCloseable {
  record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  record Reply(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  private CannedHttpServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  static CannedHttpServer http() throws IOException {
    return new CannedHttpServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  static CannedHttpServer https(SSLContext ssl, boolean needClientAuth) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
      @Override
      public void configure(HttpsParameters params) {
        // SSLParameters win over the other setters, so client auth goes into them
        javax.net.ssl.SSLParameters sslParams = ssl.getDefaultSSLParameters();
        sslParams.setNeedClientAuth(needClientAuth);
        params.setSSLParameters(sslParams);
      }
    });
    return new CannedHttpServer(server);
  }

  /** Answers {@code METHOD /path} (path without the query) with a status and body. */
  CannedHttpServer on(String method, String path, int status, String body) {
    replies.put(method + " " + path, new Reply(status, body));
    return this;
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(new Request(exchange.getRequestMethod(), path + (query == null ? "" : "?" + query),
        Map.copyOf(exchange.getRequestHeaders()), body));
    Reply reply = replies.getOrDefault(exchange.getRequestMethod() + " " + path,
        new Reply(404, "{\"error_code\":40400,\"message\":\"no canned reply\"}"));
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
