package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mTLS: the client's SSLContext comes from schema.registry.ssl.* settings. */
class RegistryTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path dir;
  static Path keystore;

  @BeforeAll
  static void selfSignedCertificateFor127001() throws Exception {
    // one self-signed key pair serves as server certificate, trust anchor and client certificate
    keystore = dir.resolve("registry.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "registry", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
  }

  private static SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void trustsTheRegistryThroughTheConfiguredTruststore() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.https(serverContext(), false).on("GET", "/subjects", 200, "[\"t\"]")) {
      SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(
          "schema.registry.url", server.url(),
          "schema.registry.ssl.truststore.location", keystore.toString(),
          "schema.registry.ssl.truststore.password", PASSWORD,
          "schema.registry.ssl.truststore.type", "PKCS12"));
      assertThat(client.getAllSubjects()).containsExactly("t");
    }
  }

  @Test
  void withoutTheTruststoreTheHandshakeFailsClearly() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.https(serverContext(), false).on("GET", "/subjects", 200, "[]")) {
      RegistryException e = catchThrowableOfType(RegistryException.class,
          () -> SchemaRegistryClients.create(Map.of("schema.registry.url", server.url())).getAllSubjects());
      assertThat(e.isUnreachable()).isTrue();
      assertThat(e.getMessage()).contains(server.url()).containsIgnoringCase("ssl");
    }
  }

  @Test
  void presentsTheClientCertificateForMutualTls() throws Exception {
    try (CannedHttpServer server = CannedHttpServer.https(serverContext(), true).on("GET", "/subjects", 200, "[\"m\"]")) {
      Map<String, Object> trustOnly = Map.of(
          "schema.registry.url", server.url(),
          "schema.registry.ssl.truststore.location", keystore.toString(),
          "schema.registry.ssl.truststore.password", PASSWORD,
          "schema.registry.ssl.truststore.type", "PKCS12");
      RegistryException refused = catchThrowableOfType(RegistryException.class,
          () -> SchemaRegistryClients.create(trustOnly).getAllSubjects());
      assertThat(refused).as("server requires a client certificate").isNotNull();

      Map<String, Object> mutual = new java.util.HashMap<>(trustOnly);
      mutual.put("schema.registry.ssl.keystore.location", keystore.toString());
      mutual.put("schema.registry.ssl.keystore.password", PASSWORD);
      mutual.put("schema.registry.ssl.keystore.type", "PKCS12");
      assertThat(SchemaRegistryClients.create(mutual).getAllSubjects()).containsExactly("m");
    }
  }
}
