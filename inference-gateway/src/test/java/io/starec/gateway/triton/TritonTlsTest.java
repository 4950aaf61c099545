package io.starec.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over real TLS (mutual) on a loopback Netty server, with grpc-testing's test certificates. */
class TritonTlsTest {

  @TempDir
  Path dir;

  private Path cert(String name) throws Exception {
    Path p = dir.resolve(name);
    if (Files.exists(p)) {
      return p;
    }
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("certs/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void mutualTlsWithAnAuthorityOverride() throws Exception {
    FakeTriton fake = new FakeTriton().script(FakeTriton.vllmLike(req -> "1. Heat - over TLS"));
    TlsServerCredentials.Builder creds = TlsServerCredentials.newBuilder()
        .keyManager(cert("server1.pem").toFile(), cert("server1.key").toFile())
        .trustManager(cert("ca.pem").toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    Server server = Grpc.newServerBuilderForPort(0, creds.build()).addService(fake).build().start();
    String url = "grpcs://127.0.0.1:" + server.getPort();
    try {
      TritonSettings s = new TritonSettings(url, "vllm_model", "", TritonProfile.VLLM, false, cert("ca.pem"),
          cert("client.pem"), cert("client.key"), "foo.test.google.fr", 10_000, false, false, 1 << 20);
      try (TritonClient c = TritonClient.connect(s)) {
        c.verify(Duration.ofSeconds(10));
        assertThat(c.generate(new GenerationRequest("tls/0", "p", 8, 0, 1), System.currentTimeMillis() + 10_000)
            .text()).isEqualTo("1. Heat - over TLS");
      }

      // without a client certificate the server refuses the handshake
      TritonSettings noClientCert = new TritonSettings(url, "vllm_model", "", TritonProfile.VLLM, true, cert("ca.pem"),
          null, null, "foo.test.google.fr", 10_000, false, false, 1 << 20);
      try (TritonClient c = TritonClient.connect(noClientCert)) {
        assertThatThrownBy(() -> c.verify(Duration.ofSeconds(10))).isInstanceOf(TritonSetupException.class)
            .hasMessageContaining("cannot reach");
      }
    } finally {
      server.shutdownNow();
      fake.close();
    }
  }
}
