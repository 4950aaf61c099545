package io.starec.workerkit.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.starec.schemas.registry.AvroSchemas;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.registry.SchemaRegistryClients;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real schema registry for the outage tests of the services (shared through worker-kit's test jar): the Confluent
 * REST calls the serdes make, over HTTP on 127.0.0.1, answered from an {@link InMemorySchemaRegistry} scope that
 * producers in the test reach directly through {@link #mockUrl()}. It can be {@linkplain #stop stopped} (its port
 * refuses connections: unreachable) and {@linkplain #start started} again on the same port, or made to answer
 * every call with an error status while it listens ({@link #failWith}).
 */
public final class StoppableRegistry implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String scope;
  private final InMemorySchemaRegistry registry;
  private final AtomicInteger failedCalls = new AtomicInteger();
  private volatile int failStatus; // 0 = answer normally
  private ServiceHttpServer server;
  private int port;

  /** A registry on a free port, started. */
  public StoppableRegistry(String scope) throws IOException {
    this.scope = scope;
    this.registry = InMemorySchemaRegistry.forScope(scope);
    start();
  }

  /** {@code http://127.0.0.1:<port>}: the URL of the service under test. */
  public String url() {
    return "http://" + ServiceHttpServer.DEFAULT_BIND_ADDRESS + ":" + port;
  }

  /** The same schemas without HTTP, for the test's own producers and readers (never down). */
  public String mockUrl() {
    return SchemaRegistryClients.MOCK_PREFIX + scope;
  }

  /** Listens again, on the port it had (a free one the first time). */
  public synchronized void start() throws IOException {
    if (server == null) {
      server = ServiceHttpServer.bind("stoppable-registry", ServiceHttpServer.DEFAULT_BIND_ADDRESS, port, 2)
          .route("/", this::handle).start();
      port = server.port();
    }
  }

  /** Closes the port: clients get "connection refused". */
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** While listening, answer every call with {@code httpStatus} (e.g. 503); 0 = answer normally again. */
  public void failWith(int httpStatus) {
    failStatus = httpStatus;
  }

  /** Calls answered with the {@link #failWith} status: proof that a service asked during the outage. */
  public int failedCalls() {
    return failedCalls.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    int failing = failStatus;
    if (failing != 0) {
      failedCalls.incrementAndGet();
      send(ex, failing, error(failing * 100, "the test took the registry down"));
      return;
    }
    try {
      String method = ex.getRequestMethod();
      String[] p = ex.getRequestURI().getRawPath().split("/");
      // "", "subjects", s, "versions"  |  "", "subjects", s  |  "", "schemas", "ids", id  |  "", "subjects"
      if ("POST".equals(method) && p.length == 4 && "subjects".equals(p[1]) && "versions".equals(p[3])) {
        send(ex, 200, JSON.createObjectNode().put("id", registry.register(decode(p[2]), schema(ex))));
      } else if ("POST".equals(method) && p.length == 3 && "subjects".equals(p[1])) {
        String subject = decode(p[2]);
        int id = registry.getId(subject, schema(ex));
        send(ex, 200, JSON.createObjectNode().put("subject", subject).put("id", id)
            .put("schema", registry.getSchemaById(id).toString()));
      } else if ("GET".equals(method) && p.length == 4 && "schemas".equals(p[1]) && "ids".equals(p[2])) {
        send(ex, 200, JSON.createObjectNode().put("schema", registry.getSchemaById(Integer.parseInt(p[3])).toString()));
      } else if ("GET".equals(method) && p.length == 2 && "subjects".equals(p[1])) {
        send(ex, 200, JSON.valueToTree(registry.getAllSubjects()));
      } else {
        send(ex, 404, error(404, "not supported: " + method + " " + ex.getRequestURI()));
      }
    } catch (RegistryException e) {
      send(ex, e.httpStatus() == 0 ? 500 : e.httpStatus(), error(e.errorCode(), e.registryMessage()));
    } catch (RuntimeException e) {
      send(ex, 500, error(50001, e.toString()));
    }
  }

  private static org.apache.avro.Schema schema(HttpExchange ex) throws IOException {
    return AvroSchemas.parse(JSON.readTree(ex.getRequestBody().readAllBytes()).get("schema").asText());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", String.valueOf(message));
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    ServiceHttpServer.send(ex, status, "application/vnd.schemaregistry.v1+json", JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    stop();
    InMemorySchemaRegistry.dropScope(scope);
  }
}
