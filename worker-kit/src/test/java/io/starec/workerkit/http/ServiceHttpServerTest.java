package io.starec.workerkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceHttpServerTest {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicBoolean up = new AtomicBoolean(true);
  private ServiceHttpServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private ServiceHttpServer serving() throws IOException {
    server = ServiceHttpServer.bind("test", null, 0, 1)
        .health(() -> new ServiceHttpServer.Health(up.get(), "{\"status\":\"" + (up.get() ? "UP" : "DOWN") + "\"}"))
        .metrics(() -> "starec_things_total 3.0\n")
        .route("/things/", ex -> ServiceHttpServer.send(ex, 201, ServiceHttpServer.JSON,
            "{\"path\":\"" + ex.getRequestURI().getPath() + "\",\"method\":\"" + ex.getRequestMethod() + "\"}"))
        .start();
    return server;
  }

  private HttpResponse<String> request(String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthIs200WhenUpAnd503WhenNotWithTheServicesBody() throws Exception {
    serving();
    HttpResponse<String> ok = request("GET", "/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(ok.body()).isEqualTo("{\"status\":\"UP\"}");

    up.set(false);
    HttpResponse<String> down = request("GET", "/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
  }

  @Test
  void metricsArePrometheusText() throws Exception {
    serving();
    HttpResponse<String> r = request("GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(ServiceHttpServer.PROMETHEUS_TEXT);
    assertThat(r.body()).isEqualTo("starec_things_total 3.0\n");
  }

  @Test
  void healthAndMetricsAnswerGetOnly() throws Exception {
    serving();
    assertThat(request("POST", "/health").statusCode()).isEqualTo(405);
    assertThat(request("DELETE", "/metrics").statusCode()).isEqualTo(405);
  }

  @Test
  void aServiceRouteSeesEveryPathUnderItsPrefixAndAnyMethod() throws Exception {
    serving();
    HttpResponse<String> r = request("POST", "/things/7/parts");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("{\"path\":\"/things/7/parts\",\"method\":\"POST\"}");
    assertThat(request("GET", "/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void itBindsToLoopbackByDefaultAndIsBoundBeforeItServes() throws Exception {
    server = ServiceHttpServer.bind("test", " ", 0, 1);
    assertThat(server.port()).isPositive();
    server.health(() -> new ServiceHttpServer.Health(true, "{}")).start();
    assertThat(request("GET", "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void closeStopsTheServerAndItsThreads() throws Exception {
    serving();
    assertThat(request("GET", "/health").statusCode()).isEqualTo(200);
    assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("test-http"));

    server.close();

    assertThatThrownBy(() -> request("GET", "/health")).isInstanceOf(IOException.class);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-http") && t.isAlive());
    server = null;
  }

  @Test
  void aTakenPortFailsWithThePortAndTheKeyToChange() throws Exception {
    // Given a server on some port
    serving();
    int taken = server.port();

    // When a second one binds the same port
    // Then it fails with a BindException naming the address, the port and http.port
    assertThatThrownBy(() -> ServiceHttpServer.bind("second", null, taken, 1))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("127.0.0.1:" + taken)
        .hasMessageContaining("http.port")
        .hasCauseInstanceOf(BindException.class);
  }
}
