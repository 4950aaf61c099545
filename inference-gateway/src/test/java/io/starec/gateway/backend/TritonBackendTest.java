package io.starec.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.core.prompt.ChatPrompt;
import io.starec.core.prompt.PromptOptions;
import io.starec.core.prompt.Prompts;
import io.starec.gateway.Fixtures;
import io.starec.gateway.triton.ChatTemplate;
import io.starec.gateway.triton.FakeTriton;
import io.starec.gateway.triton.TensorCodec;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonProfile;
import io.starec.gateway.triton.TritonSettings;
import io.starec.gateway.triton.proto.ModelInferRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TritonBackendTest {

  private final FakeTriton server;
  private final ManagedChannel channel;

  TritonBackendTest() throws Exception {
    server = new FakeTriton();
    channel = server.channel();
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void sendsTheChatTemplatedPromptOncePerRolloutWithItsOwnSeed() {
    // Given a vLLM-like model that answers with the request id
    server.script(FakeTriton.vllmLike(req -> "<think>r</think>\n1. answer for " + req.getId()));
    TritonClient client = new TritonClient(channel, TritonSettings.of("in-process", "vllm_model", TritonProfile.VLLM));
    client.verify(Duration.ofSeconds(5));
    TritonBackend backend = new TritonBackend(client, ChatTemplate.CHATML);
    List<CandidateItem> catalogue = Fixtures.catalogue(30, 2);
    InferenceTask task = Fixtures.rank("t9", "u1", catalogue.subList(0, 5), catalogue.subList(5, 25), 3, 1.0,
        System.currentTimeMillis() + 10_000);
    ChatPrompt prompt = Prompts.forTask(task, PromptOptions.defaults());

    // When three rollouts are asked for
    BackendAnswer a = backend.complete(new BackendRequest(task, prompt, 3, task.getDeadlineMs()));

    // Then one templated request per rollout went out, each with its own id and seed, answered in order
    assertThat(a.completions()).extracting(Completion::text).containsExactly(
        "<think>r</think>\n1. answer for t9/0", "<think>r</think>\n1. answer for t9/1",
        "<think>r</think>\n1. answer for t9/2");
    assertThat(a.modelVersion()).isEqualTo("vllm_model@1");
    assertThat(backend.name()).isEqualTo("triton-vllm");
    List<ModelInferRequest> sent = server.received().stream()
        .sorted(Comparator.comparing(ModelInferRequest::getId)).toList();
    assertThat(sent).extracting(ModelInferRequest::getId).containsExactly("t9/0", "t9/1", "t9/2");
    assertThat(FakeTriton.prompt(sent.get(0))).isEqualTo(ChatTemplate.CHATML.apply(prompt.messages()))
        .startsWith("<|im_start|>system\nYou are a movie recommendation system.")
        .endsWith("<|im_start|>assistant\n");
    assertThat(sent.stream().map(TritonBackendTest::sampling).distinct()).hasSize(3);
    assertThat(sampling(sent.get(0))).contains("\"temperature\":1.0", "\"max_tokens\":2048");
  }

  private static String sampling(ModelInferRequest r) {
    for (int i = 0; i < r.getInputsCount(); i++) {
      if (r.getInputs(i).getName().equals("sampling_parameters")) {
        return new String(TensorCodec.decodeBytes(r.getRawInputContents(i)).get(0), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
