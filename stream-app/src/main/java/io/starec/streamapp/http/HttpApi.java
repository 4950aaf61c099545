package io.starec.streamapp.http;

import static io.starec.workerkit.http.ServiceHttpServer.JSON;
import static io.starec.workerkit.http.ServiceHttpServer.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.avro.Item;
import io.starec.avro.UserMemory;
import io.starec.schemas.json.AvroJson;
import io.starec.streamapp.inspector.AgentView;
import io.starec.streamapp.inspector.InspectorPages;
import io.starec.streamapp.inspector.RecentRankings;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.topology.StoreNames;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream app's HTTP endpoints (the worker kit's {@link ServiceHttpServer}, bound to 127.0.0.1 by default).
 * Endpoints marked <b>token</b> return user data and require {@code Authorization: Bearer <token>} when
 * {@code http.auth.token.file} is set (401 otherwise):
 * <ul>
 *   <li>{@code GET /users/{id}/memory} (token): the user's memory as JSON, redacted (no prompts, completions or
 *       policy features) unless {@code ?view=full}; answered by whichever instance owns the user's partition
 *       (forwarded once via {@code application.server}, with the caller's token); 404 unknown user, 503 during
 *       rebalances;</li>
 *   <li>{@code GET /users/{id}/agent} (token): the inspector's view of the user (redacted memory, the rankings
 *       served with their explanations, rationale and reward, item titles), forwarded like the memory;</li>
 *   <li>{@code GET /live} (token): the live counters of the inspector's live page;</li>
 *   <li>{@code GET /inspector/}: the agent inspector's static pages (they hold no data: their scripts fetch the
 *       JSON above with the token);</li>
 *   <li>{@code GET /health}: 200 only while Kafka Streams is RUNNING;</li>
 *   <li>{@code GET /metrics}: Prometheus text of the stream app's own meters and the JVM's (aggregates only, no
 *       user data: open like /health); {@code ?kafka=true} adds the Kafka clients' and Kafka Streams' metrics
 *       (thousands of lines).</li>
 * </ul>
 */
public final class HttpApi implements AutoCloseable {

  static final String FORWARDED_HEADER = "X-Starec-Forwarded";
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /** The meters /metrics and /live publish. */
  public record Meters(PrometheusMeterRegistry own, PrometheusMeterRegistry kafka, AppMetrics app) {}

  private final ServiceHttpServer server;
  private final Meters meters;
  private final RecentRankings recent;
  private final BearerToken token;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Supplier<KafkaStreams> streams = () -> null;
  private volatile HostInfo self;

  /** Binds at once (port 0 = any free port), so the port is known before Kafka Streams starts. */
  public HttpApi(String bindAddress, int port, Meters meters, RecentRankings recent, BearerToken token)
      throws IOException {
    this.meters = meters;
    this.recent = recent;
    this.token = token;
    // two threads: a memory query may wait on the instance it is forwarded to
    this.server = ServiceHttpServer.bind("starec-stream-app", bindAddress, port, 2)
        .health(this::health).route("/metrics", this::metrics).route("/users/", this::user)
        .route("/live", this::live).route(InspectorPages.PATH, InspectorPages::serve);
  }

  /** Starts serving; {@code self} is this instance's application.server (null = single instance). */
  public void start(Supplier<KafkaStreams> streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
    server.start();
  }

  public int port() {
    return server.port();
  }

  /** Whether the user-data endpoints require the bearer token. */
  public boolean tokenRequired() {
    return token.required();
  }

  private ServiceHttpServer.Health health() {
    KafkaStreams ks = streams.get();
    String state = ks == null ? "NOT_STARTED" : ks.state().name();
    boolean running = ks != null && ks.state() == KafkaStreams.State.RUNNING;
    return new ServiceHttpServer.Health(running, "{\"state\":\"" + state + "\"}");
  }

  private void metrics(HttpExchange ex) throws IOException {
    if (!get(ex)) {
      return;
    }
    String text = meters.own().scrape();
    if ("true".equals(query(ex).get("kafka"))) {
      text = text + meters.kafka().scrape();
    }
    send(ex, 200, ServiceHttpServer.PROMETHEUS_TEXT, text);
  }

  private void live(HttpExchange ex) throws IOException {
    if (!get(ex) || !authorized(ex)) {
      return;
    }
    if (!"/live".equals(ex.getRequestURI().getPath())) {
      send(ex, 404, JSON, error("use /live"));
      return;
    }
    ObjectNode json = AvroJson.MAPPER.valueToTree(meters.app().live());
    json.put("timeMs", System.currentTimeMillis());
    sendJson(ex, 200, json);
  }

  private void user(HttpExchange ex) throws IOException {
    try {
      if (!get(ex) || !authorized(ex)) {
        return;
      }
      String[] parts = ex.getRequestURI().getPath().split("/");
      // "", "users", id, "memory" | "agent"
      if (parts.length != 4 || parts[2].isEmpty() || !("memory".equals(parts[3]) || "agent".equals(parts[3]))) {
        send(ex, 404, JSON, error("use /users/{id}/memory or /users/{id}/agent"));
        return;
      }
      String userId = parts[2];
      boolean agent = "agent".equals(parts[3]);
      MemoryViews view;
      try {
        view = MemoryViews.parse(query(ex).get("view"));
      } catch (IllegalArgumentException e) {
        send(ex, 400, JSON, error(e.getMessage()));
        return;
      }
      KafkaStreams ks = streams.get();
      if (ks == null) {
        send(ex, 503, JSON, error("not started"));
        return;
      }
      KeyQueryMetadata md = ks.queryMetadataForKey(StoreNames.USER_MEMORY, userId, Serdes.String().serializer());
      if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE) {
        send(ex, 503, JSON, error("no owner for the user's partition yet (rebalancing)"));
        return;
      }
      boolean local = self == null || self.equals(md.activeHost());
      if (!local) {
        if (ex.getRequestHeaders().getFirst(FORWARDED_HEADER) != null) {
          send(ex, 503, JSON, error("owner moved while forwarding; retry"));
          return;
        }
        forward(ex, md.activeHost(), "/users/" + userId + "/" + parts[3],
            view == MemoryViews.FULL ? "view=full" : null);
        return;
      }
      ReadOnlyKeyValueStore<String, UserMemory> store = ks.store(StoreQueryParameters
          .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore())
          .withPartition(md.partition()));
      UserMemory memory = store.get(userId);
      if (memory == null) {
        send(ex, 404, JSON, error("unknown user " + userId));
      } else if (agent) {
        sendJson(ex, 200, AgentView.render(memory, recent.of(userId), titles(ks)));
      } else {
        sendJson(ex, 200, view.render(memory));
      }
    } catch (InvalidStateStoreException e) {
      send(ex, 503, JSON, error("store not queryable now (" + e.getMessage() + "); retry"));
    } catch (RuntimeException e) {
      LOG.warn("user query {} failed", ex.getRequestURI().getPath(), e);
      send(ex, 500, JSON, error(e.toString()));
    }
  }

  /** Item titles from the items global table (every instance holds all of it). */
  private static Function<String, String> titles(KafkaStreams ks) {
    ReadOnlyKeyValueStore<String, Item> items = ks.store(StoreQueryParameters
        .fromNameAndType(StoreNames.ITEMS, QueryableStoreTypes.<String, Item>keyValueStore()));
    return id -> {
      Item item = items.get(id);
      return item == null ? null : item.getTitle();
    };
  }

  private void forward(HttpExchange ex, HostInfo owner, String path, String query) throws IOException {
    try {
      URI uri = new URI("http", null, owner.host(), owner.port(), path, query, null);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header(FORWARDED_HEADER, "1").GET();
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        request.header("Authorization", authorization); // the owner checks the same token
      }
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      noStore(ex);
      send(ex, r.statusCode(), JSON, r.body());
    } catch (URISyntaxException e) {
      send(ex, 400, JSON, error("bad user id"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(ex, 503, JSON, error("interrupted"));
    } catch (IOException e) {
      send(ex, 502, JSON, error("owner " + owner + " unreachable: " + e.getMessage()));
    }
  }

  private boolean authorized(HttpExchange ex) throws IOException {
    if (token.allows(ex)) {
      return true;
    }
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"starec\"");
    send(ex, 401, JSON, error("this endpoint needs 'Authorization: Bearer <token>' (the token in the stream app's "
        + "http.auth.token.file)"));
    return false;
  }

  private static boolean get(HttpExchange ex) throws IOException {
    if ("GET".equals(ex.getRequestMethod())) {
      return true;
    }
    send(ex, 405, JSON, error("only GET"));
    return false;
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    noStore(ex);
    send(ex, status, JSON, AvroJson.write(body));
  }

  // user data: never cached by a browser or a proxy
  private static void noStore(HttpExchange ex) {
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  static String error(String message) {
    return AvroJson.write(AvroJson.MAPPER.createObjectNode().put("error", message));
  }

  @Override
  public void close() {
    server.close();
  }
}
