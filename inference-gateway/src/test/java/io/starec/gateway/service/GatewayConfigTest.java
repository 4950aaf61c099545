package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.config.StarecConfig;
import io.starec.gateway.triton.TritonProfile;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

  @Test
  void defaultsAreTheEmbeddedBackendOnLoopback() {
    GatewayConfig c = new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, Map.of(), Map.of()));

    assertThat(c.tritonBackend()).isFalse();
    assertThat(c.maxInFlight()).isEqualTo(64);
    assertThat(c.getString(StarecConfig.HTTP_BIND_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(c.promptOptions().maxPromptTokens()).isEqualTo(4096);
    assertThat(c.chatTemplate().name()).isEqualTo("chatml");
    assertThat(c.tritonSettings().profile()).isEqualTo(TritonProfile.VLLM);
  }

  @Test
  void environmentVariablesConfigureTriton() {
    Map<String, String> env = Map.of("STAREC_BACKEND", "triton", "STAREC_TRITON_URL", "grpcs://triton:8001",
        "STAREC_TRITON_PROFILE", "trtllm", "STAREC_TRITON_MODEL", "ensemble", "STAREC_MAX_IN_FLIGHT", "96");

    GatewayConfig c = new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, env, Map.of()));

    assertThat(c.tritonBackend()).isTrue();
    assertThat(c.tritonSettings().useTls()).isTrue();
    assertThat(c.tritonSettings().target()).isEqualTo("triton:8001");
    assertThat(c.tritonSettings().profile()).isEqualTo(TritonProfile.TRTLLM);
    assertThat(c.workerThreads()).isEqualTo(96);
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> StarecConfig.load(GatewayConfig.configDef(), null, Map.of(),
        Map.of("triton.profile", "onnx"))).isInstanceOf(ConfigException.class).hasMessageContaining("triton.profile");
  }
}
