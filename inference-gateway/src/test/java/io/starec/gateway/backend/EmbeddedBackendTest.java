package io.starec.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.PolicyUpdate;
import io.starec.core.policy.LinearScorer;
import io.starec.gateway.Fixtures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedBackendTest {

  private static PolicyUpdate update(long version, String json) {
    return PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(version).setKind(LinearScorer.KIND)
        .setPayload(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))).build();
  }

  @Test
  void newerVersionsSwapOlderOnesAreIgnored() {
    EmbeddedBackend b = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());

    assertThat(b.offer(update(2, "{\"weights\":{\"popularity\":1.0}}"))).isTrue();
    assertThat(b.offer(update(1, "{\"weights\":{\"liked_sim\":1.0}}"))).isFalse();
    assertThat(b.offer(update(2, "{\"weights\":{\"liked_sim\":1.0}}"))).isFalse();

    assertThat(b.scorer().version()).isEqualTo(2);
    assertThat(b.modelVersion()).isEqualTo("embedded/WordsEmbedder/linear-scorer-v1@2");
    assertThatThrownBy(() -> b.offer(update(3, "{oops"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.scorer().version()).isEqualTo(2);
  }
}
