package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.avro.Interaction;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The REST client against a canned HTTP server: request shapes, auth, caching and error reporting. */
class RestSchemaRegistryClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA_JSON = InMemorySchemaRegistryTest.V1.toString();

  private static RestSchemaRegistryClient client(String url, Object... kv) {
    Map<String, Object> cfg = new HashMap<>();
    cfg.put(SchemaRegistryConfig.SCHEMA_REGISTRY_URL, url);
    for (int i = 0; i < kv.length; i += 2) {
      cfg.put((String) kv[i], kv[i + 1]);
    }
    return (RestSchemaRegistryClient) SchemaRegistryClients.create(cfg);
  }

  private static String schemaReply(String schema) throws Exception {
    return JSON.createObjectNode().put("schema", schema).toString();
  }

  @Test
  void registerPostsTheLanguageNeutralSchemaOnceAndCachesTheId() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("POST", "/apis/ccompat/v7/subjects/starec.interactions-value/versions", 200, "{\"id\":7}")) {
      // Given a client with a base path, as for Apicurio's ccompat API
      RestSchemaRegistryClient client = client(server.url() + "/apis/ccompat/v7/");

      // When the generated class schema is registered twice
      int first = client.register("starec.interactions-value", Interaction.getClassSchema());
      int second = client.register("starec.interactions-value", Interaction.getClassSchema());

      // Then one request went out, with the Confluent content type and the .avsc-equivalent schema
      assertThat(first).isEqualTo(7).isEqualTo(second);
      assertThat(server.requests).hasSize(1);
      CannedHttpServer.Request request = server.requests.get(0);
      assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
      String sent = JSON.readTree(request.body()).get("schema").asText();
      assertThat(sent).doesNotContain("avro.java.string");
      assertThat(AvroSchemas.parse(sent)).isEqualTo(AvroSchemas.languageNeutral(Interaction.getClassSchema()));
      assertThat(request.header("Authorization")).isNull();
      // and the id is known for reads without another call
      assertThat(client.getSchemaById(7).getFullName()).isEqualTo("io.starec.avro.Interaction");
      assertThat(server.requests).hasSize(1);
    }
  }

  @Test
  void schemaByIdIsFetchedOnce() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http().on("GET", "/schemas/ids/3", 200, schemaReply(SCHEMA_JSON))) {
      RestSchemaRegistryClient client = client(server.url());
      assertThat(client.getSchemaById(3)).isEqualTo(InMemorySchemaRegistryTest.V1);
      assertThat(client.getSchemaById(3)).isEqualTo(InMemorySchemaRegistryTest.V1);
      assertThat(server.requests).hasSize(1);
    }
  }

  @Test
  void sendsBasicAuthFromUserInfoAndUnwrapsKafkaPasswords() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http().on("GET", "/subjects", 200, "[\"a-value\"]")) {
      RestSchemaRegistryClient client = client(server.url(), "basic.auth.user.info", new Password("alice:s3cr:et"));
      assertThat(client.getAllSubjects()).containsExactly("a-value");
      String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
      assertThat(server.requests.get(0).header("Authorization")).isEqualTo(expected);
    }
  }

  @Test
  void canTakeCredentialsFromTheUrl() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http().on("GET", "/subjects", 200, "[]")) {
      String url = server.url().replace("http://", "http://bob:pw@");
      RestSchemaRegistryClient client = client(url, "basic.auth.credentials.source", "URL");
      client.getAllSubjects();
      assertThat(client.baseUrls()).containsExactly(server.url());
      assertThat(server.requests.get(0).header("Authorization"))
          .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void confluentAndApicurioIncompatibleRepliesAreBothRecognised() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("POST", "/confluent/subjects/s/versions", 409,
            "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}")
        .on("POST", "/apicurio/subjects/s/versions", 409,
            "{\"message\":\"Incompatible artifact: s [AVRO] Causes: email at /fields/1\",\"error_code\":0}")) {
      RegistryException confluent = catchThrowableOfType(RegistryException.class,
          () -> client(server.url() + "/confluent").register("s", InMemorySchemaRegistryTest.V1));
      RegistryException apicurio = catchThrowableOfType(RegistryException.class,
          () -> client(server.url() + "/apicurio").register("s", InMemorySchemaRegistryTest.V1));

      assertThat(confluent.isIncompatible()).isTrue();
      assertThat(confluent.errorCode()).isEqualTo(409);
      assertThat(apicurio.isIncompatible()).isTrue();
      assertThat(apicurio.errorCode()).isZero();
      assertThat(apicurio.httpStatus()).isEqualTo(409);
      assertThat(apicurio.getMessage()).contains("register schema User under subject 's'")
          .contains("POST " + server.url() + "/apicurio/subjects/s/versions")
          .contains("HTTP 409").contains("error_code 0").contains("incompatible schema")
          .contains("Causes: email at /fields/1");
    }
  }

  @Test
  void notFoundAndNonJsonErrorsCarryStatusCodeAndText() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("GET", "/schemas/ids/9", 404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}")
        .on("GET", "/subjects", 502, "<html>Bad gateway</html>")) {
      RestSchemaRegistryClient client = client(server.url());
      RegistryException missing = catchThrowableOfType(RegistryException.class, () -> client.getSchemaById(9));
      assertThat(missing.isNotFound()).isTrue();
      assertThat(missing.errorCode()).isEqualTo(RegistryException.SCHEMA_NOT_FOUND);
      assertThat(missing.registryMessage()).isEqualTo("Schema 9 not found");

      RegistryException gateway = catchThrowableOfType(RegistryException.class, client::getAllSubjects);
      assertThat(gateway.httpStatus()).isEqualTo(502);
      assertThat(gateway.errorCode()).isEqualTo(-1);
      assertThat(gateway.getMessage()).contains("HTTP 502").contains("<html>Bad gateway</html>");
    }
  }

  @Test
  void aConflictFromAConcurrentRegistrationResolvesToTheRegisteredId() throws Exception {
    // Given a registry that refused the registration because another client created the subject just now
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("POST", "/subjects/s/versions", 409,
            "{\"error_code\":0,\"message\":\"An artifact with ID 's' in group 'null' already exists.\"}")
        .on("POST", "/subjects/s", 200, "{\"subject\":\"s\",\"version\":1,\"id\":7,\"schema\":"
            + JSON.writeValueAsString(SCHEMA_JSON) + "}")) {
      // When registering, Then the schema's id under the subject is returned
      assertThat(client(server.url()).register("s", InMemorySchemaRegistryTest.V1)).isEqualTo(7);
    }
  }

  @Test
  void lookupWithoutRegisteringUsesPostSubject() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("POST", "/subjects/s", 200, "{\"subject\":\"s\",\"version\":1,\"id\":4,\"schema\":" + JSON.writeValueAsString(SCHEMA_JSON) + "}")) {
      assertThat(client(server.url()).getId("s", InMemorySchemaRegistryTest.V1)).isEqualTo(4);
      assertThat(server.requests.get(0).pathAndQuery()).isEqualTo("/subjects/s");
    }
  }

  @Test
  void compatibilityAndConfigEndpoints() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()
        .on("POST", "/compatibility/subjects/yes/versions/latest", 200, "{\"is_compatible\":true}")
        .on("POST", "/compatibility/subjects/no/versions/latest", 200,
            "{\"is_compatible\":false,\"reason\":\"email at /fields/1\"}")
        .on("PUT", "/config/no", 200, "{\"compatibility\":\"BACKWARD\"}")
        .on("GET", "/subjects/no/versions/latest", 200,
            "{\"subject\":\"no\",\"version\":2,\"id\":11,\"schema\":" + JSON.writeValueAsString(SCHEMA_JSON) + "}")) {
      RestSchemaRegistryClient client = client(server.url());
      assertThat(client.testCompatibility("yes", InMemorySchemaRegistryTest.V1)).isTrue();
      SchemaRegistryClient.CompatibilityResult no = client.checkCompatibility("no", InMemorySchemaRegistryTest.V1);
      assertThat(no.compatible()).isFalse();
      assertThat(no.messages()).containsExactly("email at /fields/1");
      // a subject without versions (404) is compatible
      assertThat(client.testCompatibility("unknown", InMemorySchemaRegistryTest.V1)).isTrue();
      client.updateCompatibility("no", CompatibilityLevel.BACKWARD);
      assertThat(JSON.readTree(server.requests.get(3).body()).get("compatibility").asText()).isEqualTo("BACKWARD");
      SchemaRegistryClient.SchemaMetadata latest = client.getLatestSchemaMetadata("no");
      assertThat(latest.version()).isEqualTo(2);
      assertThat(latest.id()).isEqualTo(11);
      assertThat(server.requests.get(0).pathAndQuery()).isEqualTo("/compatibility/subjects/yes/versions/latest?verbose=true");
    }
  }

  @Test
  void subjectsAreUrlEncoded() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.http()) {
      catchThrowableOfType(RegistryException.class, () -> client(server.url()).register("a b/c", InMemorySchemaRegistryTest.V1));
      assertThat(server.requests.get(0).pathAndQuery()).isEqualTo("/subjects/a%20b%2Fc/versions");
    }
  }

  @Test
  void unreachableRegistryIsReportedWithStatusZeroAndTheNextUrlIsTried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + closedPort;
    RegistryException down = catchThrowableOfType(RegistryException.class,
        () -> client(dead, "schema.registry.connect.timeout.ms", 2000).getAllSubjects());
    assertThat(down.isUnreachable()).isTrue();
    assertThat(down.getMessage()).contains("list subjects").contains(dead).contains("registry unreachable");

    try (CannedHttpServer server = CannedHttpServer.http().on("GET", "/subjects", 200, "[\"x\"]")) {
      assertThat(client(dead + "," + server.url()).getAllSubjects()).containsExactly("x");
    }
  }

  @Test
  void badConfigFailsAtCreation() {
    assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> client("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)://");
    assertThatThrownBy(() -> client("mock://"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mock://<scope>");
    assertThatThrownBy(() -> client("http://h:1", "schema.registry.request.timeout.ms", "soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.request.timeout.ms");
    assertThatThrownBy(() -> client("https://h:1", "schema.registry.ssl.truststore.location", "/nonexistent/ts.p12"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.ssl");
  }
}
