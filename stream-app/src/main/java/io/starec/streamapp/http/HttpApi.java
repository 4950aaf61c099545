package io.starec.streamapp.http;

import static io.starec.workerkit.http.ServiceHttpServer.send;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.avro.UserMemory;
import io.starec.streamapp.topology.StoreNames;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The stream app's HTTP endpoints (the worker kit's {@link ServiceHttpServer}, bound to 127.0.0.1 by default):
 * <ul>
 *   <li>{@code GET /users/{id}/memory}: the user's memory as JSON, from whichever instance owns the user's
 *       partition (forwarded once via {@code application.server}); 404 unknown user, 503 during rebalances;</li>
 *   <li>{@code GET /health}: 200 only while Kafka Streams is RUNNING;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 */
public final class HttpApi implements AutoCloseable {

  static final String FORWARDED_HEADER = "X-Starec-Forwarded";
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final ServiceHttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile Supplier<KafkaStreams> streams = () -> null;
  private volatile HostInfo self;

  /** Binds at once (port 0 = any free port), so the port is known before Kafka Streams starts. */
  public HttpApi(String bindAddress, int port, PrometheusMeterRegistry prometheus) throws IOException {
    // two threads: a memory query may wait on the instance it is forwarded to
    this.server = ServiceHttpServer.bind("starec-stream-app", bindAddress, port, 2)
        .health(this::health).metrics(prometheus::scrape).route("/users/", this::memory);
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

  private ServiceHttpServer.Health health() {
    KafkaStreams ks = streams.get();
    String state = ks == null ? "NOT_STARTED" : ks.state().name();
    boolean running = ks != null && ks.state() == KafkaStreams.State.RUNNING;
    return new ServiceHttpServer.Health(running, "{\"state\":\"" + state + "\"}");
  }

  private void memory(HttpExchange ex) throws IOException {
    try {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "application/json", error("only GET"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      String[] parts = path.split("/");
      // "", "users", id, "memory"
      if (parts.length != 4 || !"memory".equals(parts[3]) || parts[2].isEmpty()) {
        send(ex, 404, "application/json", error("use /users/{id}/memory"));
        return;
      }
      String userId = parts[2];
      KafkaStreams ks = streams.get();
      if (ks == null) {
        send(ex, 503, "application/json", error("not started"));
        return;
      }
      KeyQueryMetadata md = ks.queryMetadataForKey(StoreNames.USER_MEMORY, userId, Serdes.String().serializer());
      if (md == null || md == KeyQueryMetadata.NOT_AVAILABLE) {
        send(ex, 503, "application/json", error("no owner for the user's partition yet (rebalancing)"));
        return;
      }
      boolean local = self == null || self.equals(md.activeHost());
      if (!local) {
        if (ex.getRequestHeaders().getFirst(FORWARDED_HEADER) != null) {
          send(ex, 503, "application/json", error("owner moved while forwarding; retry"));
          return;
        }
        forward(ex, md.activeHost(), userId);
        return;
      }
      ReadOnlyKeyValueStore<String, UserMemory> store = ks.store(StoreQueryParameters
          .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore())
          .withPartition(md.partition()));
      UserMemory memory = store.get(userId);
      if (memory == null) {
        send(ex, 404, "application/json", error("unknown user " + userId));
      } else {
        send(ex, 200, "application/json", memory.toString());
      }
    } catch (InvalidStateStoreException e) {
      send(ex, 503, "application/json", error("store not queryable now (" + e.getMessage() + "); retry"));
    } catch (RuntimeException e) {
      LOG.warn("memory query {} failed", ex.getRequestURI(), e);
      send(ex, 500, "application/json", error(e.toString()));
    }
  }

  private void forward(HttpExchange ex, HostInfo owner, String userId) throws IOException {
    try {
      URI uri = new URI("http", null, owner.host(), owner.port(), "/users/" + userId + "/memory", null, null);
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .header(FORWARDED_HEADER, "1").GET().build(), HttpResponse.BodyHandlers.ofString());
      send(ex, r.statusCode(), "application/json", r.body());
    } catch (URISyntaxException e) {
      send(ex, 400, "application/json", error("bad user id"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(ex, 503, "application/json", error("interrupted"));
    } catch (IOException e) {
      send(ex, 502, "application/json", error("owner " + owner + " unreachable: " + e.getMessage()));
    }
  }

  private static String error(String message) {
    return "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\s", " ") + "\"}";
  }

  @Override
  public void close() {
    server.close();
  }
}
