package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.gateway.openai.OpenAiSettings;
import io.starec.gateway.triton.TritonProfile;
import java.nio.file.Files;
import java.nio.file.Path;
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
    // its own port, next to the stream app's 8080
    assertThat(c.getInt(StarecConfig.HTTP_PORT)).isEqualTo(8081);
  }

  @Test
  void theDefaultTritonModelIsTheOneDeployServes() throws Exception {
    // Given the model repository that docker-compose and the Kubernetes overlay serve
    Path repo = Path.of("").toAbsolutePath();
    while (repo != null && !Files.isDirectory(repo.resolve("deploy/triton/model_repository"))) {
      repo = repo.getParent();
    }
    assertThat(repo).as("deploy/triton/model_repository above the working directory").isNotNull();
    Path models = repo.resolve("deploy/triton/model_repository");
    // When the gateway starts with no triton.model
    GatewayConfig c = new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, Map.of(), Map.of()));
    // Then it asks for a model that is there, under the name its config.pbtxt gives
    Path model = models.resolve(c.tritonSettings().model());
    assertThat(model.resolve("config.pbtxt")).isRegularFile();
    assertThat(Files.readAllLines(model.resolve("config.pbtxt")))
        .contains("name: \"" + c.tritonSettings().model() + "\"");
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

  @Test
  void theOpenAiBackendDefaultsToALocalVllmAndAWorkerPerTaskInFlight() {
    GatewayConfig c = new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null,
        Map.of("STAREC_BACKEND", "openai"), Map.of()));

    OpenAiSettings s = c.openAiSettings(TaskKind.RANK);
    assertThat(c.backendFor(TaskKind.RANK)).isEqualTo("openai");
    assertThat(c.backendFor(TaskKind.REFLECT)).isEqualTo("openai");
    assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(s.model()).isEmpty();
    assertThat(s.apiKeyFile()).isNull();
    assertThat(s.caFile()).isNull();
    assertThat(s.logprobs()).isTrue();
    assertThat(s.stream()).isFalse();
    assertThat(s.maxTokensField()).isEqualTo(OpenAiSettings.MaxTokensField.MAX_TOKENS);
    assertThat(s.rollouts()).isEqualTo(OpenAiSettings.Rollouts.AUTO);
    assertThat(c.openAiSettings(TaskKind.REFLECT)).isEqualTo(s);
    assertThat(c.workerThreads()).isEqualTo(64);
  }

  @Test
  void perKindKeysPickTheBackendAndTheServerOfATaskKind() {
    GatewayConfig c = new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, Map.of(), Map.of(
        "backend", "openai", "openai.model", "qwen-7b", "openai.base.url", "http://small:8000/v1",
        "openai.reflect.base.url", "https://big.example/v1", "openai.reflect.model", "qwen-72b",
        "openai.reflect.api.key.file", "/run/secrets/big", "backend.rank", "triton")));

    assertThat(c.backendFor(TaskKind.RANK)).isEqualTo("triton");
    assertThat(c.backendFor(TaskKind.REFLECT)).isEqualTo("openai");
    assertThat(c.openAiSettings(TaskKind.RANK).baseUrl()).isEqualTo("http://small:8000/v1");
    assertThat(c.openAiSettings(TaskKind.RANK).model()).isEqualTo("qwen-7b");
    OpenAiSettings reflect = c.openAiSettings(TaskKind.REFLECT);
    assertThat(reflect.baseUrl()).isEqualTo("https://big.example/v1");
    assertThat(reflect.model()).isEqualTo("qwen-72b");
    assertThat(reflect.apiKeyFile()).hasToString("/run/secrets/big");
  }

  @Test
  void anApiKeyInTheConfigurationIsRefusedWithoutBeingRepeated() {
    assertThatThrownBy(() -> StarecConfig.load(GatewayConfig.configDef(), null, Map.of(),
        Map.of("openai.api.key", "sk-secret-123"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("openai.api.key.file").hasMessageContaining("OPENAI_API_KEY")
        .hasMessageNotContaining("sk-secret-123");
    assertThatThrownBy(() -> StarecConfig.load(GatewayConfig.configDef(), null,
        Map.of("STAREC_OPENAI_API_KEY", "sk-secret-123"), Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("sk-secret-123");
  }

  @Test
  void aBaseUrlWithoutHttpOrHttpsIsRefused() {
    assertThatThrownBy(() -> StarecConfig.load(GatewayConfig.configDef(), null, Map.of(),
        Map.of("openai.base.url", "127.0.0.1:8000/v1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("openai.base.url").hasMessageContaining("http://127.0.0.1:8000/v1");
    assertThatThrownBy(() -> StarecConfig.load(GatewayConfig.configDef(), null, Map.of(),
        Map.of("backend", "vllm"))).isInstanceOf(ConfigException.class).hasMessageContaining("openai");
  }
}
