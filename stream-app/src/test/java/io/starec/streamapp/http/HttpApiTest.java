package io.starec.streamapp.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.streamapp.inspector.RecentRankings;
import io.starec.streamapp.metrics.AppMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP surface before Kafka Streams runs: who may read what, and the inspector's files. */
class HttpApiTest {

  private static final String TOKEN = "0123456789abcdef";
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpApi api;

  private HttpApi start(BearerToken token) throws IOException {
    PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    api = new HttpApi("127.0.0.1", 0, new HttpApi.Meters(own,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new AppMetrics(own)),
        new RecentRankings(System::currentTimeMillis), token);
    api.start(() -> null, null);
    return api;
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void userDataNeedsTheTokenWhileHealthAndMetricsStayOpen() throws Exception {
    // Given a stream app with a token
    start(BearerToken.of(TOKEN));
    // Then every user-data endpoint refuses a request without the token, or with a wrong one
    for (String path : List.of("/users/u1/memory", "/users/u1/memory?view=full", "/users/u1/agent", "/live")) {
      HttpResponse<String> none = get(path, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).contains("Bearer realm=\"starec\"");
      assertThat(none.body()).contains("http.auth.token.file");
      assertThat(get(path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
    }
    // and with it the request goes through (503: Kafka Streams has not started yet)
    assertThat(get("/users/u1/memory", "Bearer " + TOKEN).statusCode()).isEqualTo(503);
    assertThat(get("/users/u1/agent", "Bearer " + TOKEN).statusCode()).isEqualTo(503);
    HttpResponse<String> live = get("/live", "Bearer " + TOKEN);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("\"served\":0.0", "\"p50Ms\":null", "\"timeMs\":");
    assertThat(live.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    // and health and metrics need no token
    assertThat(get("/health", null).statusCode()).isEqualTo(503);
    HttpResponse<String> metrics = get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("# HELP starec_stream_response_latency_seconds Round trip");
  }

  @Test
  void withoutATokenUserDataIsOpenAndABadViewIsRefused() throws Exception {
    start(BearerToken.none());
    assertThat(get("/users/u1/memory", null).statusCode()).isEqualTo(503);
    assertThat(get("/users/u1/memory?view=everything", null).statusCode()).isEqualTo(400);
    assertThat(get("/users/u1/other", null).statusCode()).isEqualTo(404);
    assertThat(get("/lively", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theInspectorPagesAreServedWithAStrictContentPolicy() throws Exception {
    start(BearerToken.of(TOKEN));
    // The static pages hold no data and need no token
    HttpResponse<String> redirect = get("/inspector", null);
    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("Location").orElse("")).contains("/inspector/");
    HttpResponse<String> index = get("/inspector/", null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type").orElse("")).contains("text/html");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
    assertThat(index.body()).contains("<script src=\"agent.js\"></script>");
    assertThat(get("/inspector/live.html", null).statusCode()).isEqualTo(200);
    assertThat(get("/inspector/agent.js", null).headers().firstValue("Content-Type").orElse(""))
        .contains("text/javascript");
    // and nothing else is: no other file, no path tricks
    assertThat(get("/inspector/nope.html", null).statusCode()).isEqualTo(404);
    assertThat(get("/inspector/..%2FHttpApi.class", null).statusCode()).isEqualTo(404);
    assertThat(get("/inspector/index.html/x", null).statusCode()).isEqualTo(404);
  }

  @Test
  void theInspectorsScriptsWriteTextNeverMarkup() throws IOException {
    // Item titles, descriptions and explanations are data: no script may parse them as HTML
    for (String file : List.of("common.js", "agent.js", "live.js", "index.html", "live.html")) {
      String text;
      try (InputStream in = io.starec.streamapp.inspector.InspectorPages.class.getResourceAsStream(file)) {
        assertThat(in).as(file).isNotNull();
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(text).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
          "eval(", "onclick=", "<script>");
    }
  }
}
