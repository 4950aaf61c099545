package io.starec.loadtest.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.starec.schemas.registry.AvroSchemas;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import io.starec.schemas.registry.RegistryException;
import io.starec.workerkit.http.ServiceHttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A schema registry for processes started by a drill, when no real one is configured: the Confluent REST calls the
 * serdes make ({@code POST /subjects/{s}/versions}, {@code POST /subjects/{s}}, {@code GET /schemas/ids/{id}},
 * {@code GET /subjects}) over HTTP on 127.0.0.1, backed by an {@link InMemorySchemaRegistry}. A {@code mock://} URL
 * would not do: its ids live in one JVM, and a child process would read another process's ids as different schemas.
 */
public final class RegistryServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemorySchemaRegistry registry;
  private final ServiceHttpServer server;

  public RegistryServer(String scope) throws IOException {
    this.registry = InMemorySchemaRegistry.forScope(scope);
    // two threads: several child processes register and look up at once
    this.server = ServiceHttpServer.bind("drill-registry", ServiceHttpServer.DEFAULT_BIND_ADDRESS, 0, 2)
        .route("/", this::handle).start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + ServiceHttpServer.DEFAULT_BIND_ADDRESS + ":" + server.port();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String method = ex.getRequestMethod();
      String[] p = ex.getRequestURI().getRawPath().split("/");
      // "", "subjects", s, "versions"  |  "", "subjects", s  |  "", "schemas", "ids", id  |  "", "subjects"
      if ("POST".equals(method) && p.length == 4 && "subjects".equals(p[1]) && "versions".equals(p[3])) {
        int id = registry.register(decode(p[2]), schema(ex));
        send(ex, 200, JSON.createObjectNode().put("id", id));
      } else if ("POST".equals(method) && p.length == 3 && "subjects".equals(p[1])) {
        String subject = decode(p[2]);
        int id = registry.getId(subject, schema(ex));
        send(ex, 200, JSON.createObjectNode().put("subject", subject).put("id", id)
            .put("schema", registry.getSchemaById(id).toString()));
      } else if ("GET".equals(method) && p.length == 4 && "schemas".equals(p[1]) && "ids".equals(p[2])) {
        send(ex, 200, JSON.createObjectNode().put("schema",
            registry.getSchemaById(Integer.parseInt(p[3])).toString()));
      } else if ("GET".equals(method) && p.length == 2 && "subjects".equals(p[1])) {
        send(ex, 200, JSON.valueToTree(registry.getAllSubjects()));
      } else {
        send(ex, 404, error(404, "not supported by the drill registry: " + method + " " + ex.getRequestURI()));
      }
    } catch (RegistryException e) {
      int status = e.httpStatus() == 0 ? 500 : e.httpStatus();
      send(ex, status, error(e.errorCode(), e.registryMessage()));
    } catch (RuntimeException e) {
      send(ex, 500, error(50001, e.toString()));
    }
  }

  private static org.apache.avro.Schema schema(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    return AvroSchemas.parse(body.get("schema").asText());
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
    server.close();
  }
}
