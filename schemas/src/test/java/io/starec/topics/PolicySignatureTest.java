package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.PolicyUpdate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy updates signed by the trainer and verified by the gateway. */
class PolicySignatureTest {

  private static final String KEY = "0123456789abcdef0123456789abcdef-test-only";

  @TempDir
  Path dir;

  private final PolicySignature signer = PolicySignature.of(KEY, "test");

  static PolicyUpdate update() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("step", 3.0);
    metrics.put("loss", 0.25);
    return PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(7).setKind("linear-scorer-v1")
        .setPayload(ByteBuffer.wrap("{\"w\":[1,2]}".getBytes(StandardCharsets.UTF_8))).setUri(null)
        .setMetrics(metrics).setCreatedMs(1_000).build();
  }

  @Test
  void aSignedUpdateVerifiesWithTheSameKey() {
    // Given an update signed with the key
    PolicyUpdate u = update();
    Headers headers = new RecordHeaders();
    signer.sign(u, headers);

    // When a holder of the same key verifies it, then it is valid
    assertThat(PolicySignature.of(KEY, "gateway").verify(u, headers)).isEqualTo(PolicySignature.Verdict.VALID);
    // and signing did not move the payload buffer
    assertThat(u.getPayload().remaining()).isEqualTo(11);
  }

  @Test
  void theSignatureDoesNotDependOnTheMetricsOrder() {
    // Given the same update with its metrics inserted in another order
    PolicyUpdate u = update();
    Headers headers = new RecordHeaders();
    signer.sign(u, headers);
    Map<String, Double> reversed = new LinkedHashMap<>();
    reversed.put("loss", 0.25);
    reversed.put("step", 3.0);

    // When the reordered copy is verified, then the signature still holds
    assertThat(signer.verify(PolicyUpdate.newBuilder(u).setMetrics(reversed).build(), headers))
        .isEqualTo(PolicySignature.Verdict.VALID);
  }

  @Test
  void changingAnyFieldBreaksTheSignature() {
    // Given a signature of the original update
    Headers headers = new RecordHeaders();
    signer.sign(update(), headers);
    Map<String, Consumer<PolicyUpdate.Builder>> tampering = Map.of(
        "policyName", b -> b.setPolicyName("other"),
        "version", b -> b.setVersion(Long.MAX_VALUE),
        "kind", b -> b.setKind("checkpoint-uri"),
        "payload", b -> b.setPayload(ByteBuffer.wrap("{\"w\":[9,9]}".getBytes(StandardCharsets.UTF_8))),
        "uri", b -> b.setUri("s3://elsewhere"),
        "metrics", b -> b.setMetrics(Map.of("step", 3.0)),
        "createdMs", b -> b.setCreatedMs(2_000));

    // When any one field is changed, then the update no longer verifies
    tampering.forEach((field, change) -> {
      PolicyUpdate.Builder b = PolicyUpdate.newBuilder(update());
      change.accept(b);
      assertThat(signer.verify(b.build(), headers)).as(field).isEqualTo(PolicySignature.Verdict.BAD_SIGNATURE);
    });
  }

  @Test
  void aMissingOtherKeyedOrMalformedSignatureIsRefused() {
    PolicyUpdate u = update();
    // Given no header, a header from another key, and a header that is not a signature
    Headers other = new RecordHeaders();
    PolicySignature.of("another key that is long enough for hmac", "attacker").sign(u, other);
    Headers garbage = new RecordHeaders().add(PolicySignature.HEADER, "hmac-sha256:zz".getBytes(StandardCharsets.UTF_8));

    // When they are verified, then each is refused with its reason
    assertThat(signer.verify(u, new RecordHeaders())).isEqualTo(PolicySignature.Verdict.UNSIGNED);
    assertThat(signer.verify(u, other)).isEqualTo(PolicySignature.Verdict.BAD_SIGNATURE);
    assertThat(signer.verify(u, garbage)).isEqualTo(PolicySignature.Verdict.BAD_SIGNATURE);
  }

  @Test
  void theKeyComesFromTheFileThenTheEnvironmentAndIsNeverShown() throws Exception {
    // Given a key file with a trailing newline, and an environment with another key
    Path file = dir.resolve("policy.key");
    Files.writeString(file, KEY + "\n");
    Map<String, String> env = Map.of(PolicySignature.KEY_ENV, "an environment key, long enough to be used");
    Headers headers = new RecordHeaders();
    signer.sign(update(), headers);

    // When keys are resolved, then the file wins, the environment is next, and nothing means unsigned
    PolicySignature fromFile = PolicySignature.resolve(file.toString(), env).orElseThrow();
    assertThat(fromFile.verify(update(), headers)).isEqualTo(PolicySignature.Verdict.VALID);
    assertThat(fromFile.toString()).doesNotContain(KEY).contains(file.toString());
    assertThat(PolicySignature.resolve("", env).orElseThrow().verify(update(), headers))
        .isEqualTo(PolicySignature.Verdict.BAD_SIGNATURE);
    assertThat(PolicySignature.resolve("", Map.of())).isEmpty();
  }

  @Test
  void aShortOrUnreadableKeyFailsAtStart() {
    // Given a guessable key and a missing file, when they are resolved, then configuration fails with the reason
    assertThatThrownBy(() -> PolicySignature.resolve("", Map.of(PolicySignature.KEY_ENV, "secret")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32");
    assertThatThrownBy(() -> PolicySignature.resolve(dir.resolve("missing").toString(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining(PolicySignature.KEY_FILE_CONFIG);
  }
}
