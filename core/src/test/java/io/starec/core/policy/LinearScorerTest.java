package io.starec.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.PolicyUpdate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinearScorerTest {

  @Test
  void jsonRoundTripKeepsWeights() {
    LinearScorer d = LinearScorer.defaults();
    LinearScorer back = LinearScorer.fromJson(d.toJson(), 5);
    assertThat(back.weights()).containsExactly(d.weights());
    assertThat(back.version()).isEqualTo(5);
  }

  @Test
  void policyUpdatePayloadSetsListedWeightsOthersZero() {
    PolicyUpdate u = PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(3).setKind(LinearScorer.KIND)
        .setPayload(ByteBuffer.wrap("{\"weights\":{\"cooccurrence\":4.5,\"future_signal\":1},\"bias\":0.1}"
            .getBytes(StandardCharsets.UTF_8))).build();

    LinearScorer s = LinearScorer.fromPolicyUpdate(u);

    assertThat(s.weight(Feature.COOCCURRENCE)).isEqualTo(4.5);
    assertThat(s.weight(Feature.LIKED_SIM)).isZero();
    assertThat(s.bias()).isEqualTo(0.1);
    assertThat(s.version()).isEqualTo(3);
    assertThat(s.ignoredKeys()).containsExactly("future_signal");
    double[] x = new double[Feature.count()];
    x[Feature.COOCCURRENCE.ordinal()] = 1.0;
    assertThat(s.score(x)).isEqualTo(4.6);
  }

  @Test
  void badUpdatesAreRejectedWithAReason() {
    PolicyUpdate.Builder b = PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(1);
    assertThatThrownBy(() -> LinearScorer.fromPolicyUpdate(b.setKind("checkpoint-uri").build()))
        .hasMessageContaining("unsupported policy kind");
    assertThatThrownBy(() -> LinearScorer.fromPolicyUpdate(b.setKind(LinearScorer.KIND).setPayload(null).build()))
        .hasMessageContaining("no inline payload");
    assertThatThrownBy(() -> LinearScorer.fromJson("not json".getBytes(StandardCharsets.UTF_8), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LinearScorer.fromJson("{\"weights\":{\"liked_sim\":\"x\"}}".getBytes(StandardCharsets.UTF_8), 1))
        .hasMessageContaining("not a number");
  }
}
