package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starec.core.policy.LinearScorer;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.topics.PolicySignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may steer the embedded policy: signed updates and bounded version jumps, on a real broker. */
class PolicyUpdateTrustIT extends GatewayItBase {

  private static final String KEY = "policy-trust-it-key-0123456789abcdef";

  @TempDir
  Path dir;

  private final EmbeddedBackend backend = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());

  @Test
  void withoutAKeyAForgedHugeVersionIsRefusedAndGenuineUpdatesStillApply() throws Exception {
    // Given a gateway without a signing key, on the scorer it started with (version 0)
    GatewayService gw = start(config(Map.of()), backend);

    // When a writer of the topic publishes version Long.MAX_VALUE, and the trainer then versions 1 and 2
    publishPolicy(Long.MAX_VALUE, new RecordHeaders());
    publishPolicy(1, new RecordHeaders());
    publishPolicy(2, new RecordHeaders());

    // Then the forged version is refused and counted, and the genuine ones are applied, not "stale"
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.scorer().version() == 2);
    assertThat(outcomes(gw)).containsEntry("version-jump", 1.0).containsEntry("applied", 2.0)
        .containsEntry("stale", 0.0);
  }

  @Test
  void withAKeyOnlyUpdatesSignedWithItApplyAndJumpsStayBounded() throws Exception {
    // Given a gateway with a signing key, catching up on a topic whose versions are far ahead of its own
    Path keyFile = dir.resolve("policy.key");
    Files.writeString(keyFile, KEY + "\n");
    GatewayService gw = start(config(Map.of(GatewayConfig.POLICY_SIGNING_KEY_FILE, keyFile.toString(),
        GatewayConfig.POLICY_MAX_VERSION_JUMP, "1000")), backend);
    PolicySignature trainer = PolicySignature.of(KEY, "the trainer's key");
    PolicySignature stranger = PolicySignature.of("a different key, of a writer without the secret", "stranger");

    // When an unsigned update, one signed with another key, the trainer's v5000, a signed jump of 1001 and the
    // trainer's v5001 arrive
    publishPolicy(7, new RecordHeaders());
    publishPolicy(8, signed(stranger, 8));
    publishPolicy(5_000, signed(trainer, 5_000));
    publishPolicy(6_001, signed(trainer, 6_001));
    publishPolicy(5_001, signed(trainer, 5_001));

    // Then only the trainer's updates within the bound apply: the first verified one sets the start, the jump
    // beyond the bound and both foreign updates are refused and counted
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.scorer().version() == 5_001);
    assertThat(outcomes(gw)).containsEntry("unsigned", 1.0).containsEntry("bad-signature", 1.0)
        .containsEntry("version-jump", 1.0).containsEntry("applied", 2.0);
    assertThat(gw.metrics().scrape()).contains("starec_gateway_policy_version 5001.0");
  }

  private static Headers signed(PolicySignature signer, long version) {
    Headers h = new RecordHeaders();
    signer.sign(policy(version), h);
    return h;
  }

  private static Map<String, Double> outcomes(GatewayService gw) {
    GatewayMetrics m = gw.metrics();
    String counter = "starec.gateway.policy.updates";
    return Map.of("applied", m.count(counter, "outcome", "applied"), "stale", m.count(counter, "outcome", "stale"),
        "version-jump", m.count(counter, "outcome", "version-jump"),
        "unsigned", m.count(counter, "outcome", "unsigned"),
        "bad-signature", m.count(counter, "outcome", "bad-signature"));
  }
}
