package io.starec.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over real TLS to a self-signed HTTPS server on loopback. */
class OpenAiTlsTest {

  @TempDir
  Path dir;

  @Test
  void aSelfSignedServerIsTrustedThroughItsPemAndRefusedWithoutIt() throws Exception {
    // Given an HTTPS server with a self-signed certificate
    SelfSignedTls tls = SelfSignedTls.create(dir);
    try (FakeOpenAi server = new FakeOpenAi(tls.serverContext())) {
      server.script(FakeOpenAi.answering(call -> "1. Heat - over TLS"));
      OpenAiSettings s = OpenAiSettings.of(server.baseUrl(), "fake-model");
      assertThat(server.baseUrl()).startsWith("https://");

      // When the client trusts the certificate's PEM (openai.tls.ca.file)
      try (OpenAiClient c = OpenAiClient.connect(s.withCaFile(tls.certificatePem()), ApiKey.none())) {
        c.verify(Duration.ofSeconds(10));
        List<ChatChoice> choices = c.chat(new ChatRequest(List.of(new ChatMessage("user", "rank")), 1, 1, 0, 16),
            System.currentTimeMillis() + 10_000).join();

        // Then it talks to the server
        assertThat(choices.get(0).text()).isEqualTo("1. Heat - over TLS");
      }

      // and with the JVM's trust alone the start-up check says what to set
      try (OpenAiClient c = OpenAiClient.connect(s, ApiKey.none())) {
        assertThatThrownBy(() -> c.verify(Duration.ofSeconds(10))).isInstanceOf(OpenAiSetupException.class)
            .hasMessageContaining("TLS").hasMessageContaining("openai.tls.ca.file");
      }
    }
  }

  @Test
  void aCaFileWithoutCertificatesIsRefusedAtStart() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of("https://127.0.0.1:1/v1", "m")
        .withCaFile(empty), ApiKey.none())).isInstanceOf(OpenAiSetupException.class)
        .hasMessageContaining("openai.tls.ca.file").hasMessageContaining(empty.toString());
  }
}
