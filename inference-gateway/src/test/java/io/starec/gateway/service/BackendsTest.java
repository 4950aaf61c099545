package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.config.StarecConfig;
import io.starec.core.prompt.PromptOptions;
import io.starec.core.prompt.Prompts;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.BackendRequest;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.gateway.backend.KindRoutedBackend;
import io.starec.gateway.backend.OpenAiBackend;
import io.starec.gateway.openai.FakeOpenAi;
import io.starec.gateway.openai.OpenAiSetupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {

  private final List<CandidateItem> catalogue = Fixtures.catalogue(30, 3);
  private final FakeOpenAi server;

  @TempDir
  Path dir;

  BackendsTest() throws Exception {
    server = new FakeOpenAi();
  }

  @AfterEach
  void close() {
    server.close();
  }

  private GatewayConfig config(Map<String, String> keys) {
    Map<String, Object> o = new HashMap<>(keys);
    o.putIfAbsent("openai.base.url", server.baseUrl());
    return new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, Map.of(), o));
  }

  private static BackendRequest request(InferenceTask t) {
    return new BackendRequest(t, Prompts.forTask(t, PromptOptions.defaults()), 1, t.getDeadlineMs());
  }

  @Test
  void backendOpenAiIsOneVerifiedBackendForBothKinds() {
    // Given a server with one model and no openai.model
    try (InferenceBackend b = Backends.create(config(Map.of("backend", "openai")), Map.of())) {
      // Then the backend serves both kinds with the model the server lists
      assertThat(b).isInstanceOf(OpenAiBackend.class);
      assertThat(b.modelVersion()).isEqualTo("fake-model");
    }
  }

  @Test
  void aLargerModelReflectsWhileASmallOneRanks() {
    // Given a server with two models, the small one for ranking and the large one for reflection
    server.models("qwen-7b", "qwen-72b").script(FakeOpenAi.answering(call -> "Updated User description: x"));
    try (InferenceBackend b = Backends.create(config(Map.of("backend", "openai", "openai.model", "qwen-7b",
        "openai.reflect.model", "qwen-72b")), Map.of())) {
      InferenceTask rank = Fixtures.rank("r1", "u", catalogue.subList(0, 3), catalogue.subList(3, 13), 1, 0,
          System.currentTimeMillis() + 10_000);
      InferenceTask reflect = Fixtures.reflect("f1", "u", catalogue.subList(0, 3), catalogue.get(4));

      // When a task of each kind is completed
      String rankVersion = b.complete(request(rank)).modelVersion();
      String reflectVersion = b.complete(request(reflect)).modelVersion();

      // Then each went to its model
      assertThat(b).isInstanceOf(KindRoutedBackend.class);
      assertThat(server.received()).extracting(body -> body.path("model").asText())
          .containsExactly("qwen-7b", "qwen-72b");
      assertThat(rankVersion).isEqualTo("qwen-7b");
      assertThat(reflectVersion).isEqualTo("qwen-72b");
      assertThat(b.name()).isEqualTo("openai");
      assertThat(b.modelVersion()).isEqualTo("rank:qwen-7b,reflect:qwen-72b");
    }
  }

  @Test
  void theKeyComesFromItsFileOrElseFromOpenAiApiKey() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key"), "sk-from-file\n");
    server.requireKey("sk-from-file");
    try (InferenceBackend b = Backends.create(config(Map.of("backend", "openai", "openai.api.key.file",
        keyFile.toString())), Map.of("OPENAI_API_KEY", "sk-from-env"))) {
      assertThat(b.modelVersion()).isEqualTo("fake-model");
    }
    server.requireKey("sk-from-env");
    try (InferenceBackend b = Backends.create(config(Map.of("backend", "openai")),
        Map.of("OPENAI_API_KEY", "sk-from-env"))) {
      assertThat(b.modelVersion()).isEqualTo("fake-model");
    }
    assertThat(server.authorizations()).containsExactly("Bearer sk-from-file", "Bearer sk-from-env");
  }

  @Test
  void aMissingKeyFileOrAnUnreachableServerFailsAtStartAsAConfigurationError() {
    assertThatThrownBy(() -> Backends.create(config(Map.of("backend", "openai", "openai.api.key.file",
        dir.resolve("absent").toString())), Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("openai.api.key.file");
    server.close();
    assertThatThrownBy(() -> Backends.create(config(Map.of("backend", "openai", "openai.startup.timeout.ms",
        "2000")), Map.of())).isInstanceOf(OpenAiSetupException.class).hasMessageContaining(server.baseUrl());
  }

  @Test
  void theEmbeddedPolicyIsNotSplitAcrossKinds() {
    assertThatThrownBy(() -> Backends.create(config(Map.of("backend", "embedded", "backend.reflect", "openai")),
        Map.of())).isInstanceOf(ConfigException.class).hasMessageContaining("backend.rank=embedded")
        .hasMessageContaining("policy updates");
  }
}
