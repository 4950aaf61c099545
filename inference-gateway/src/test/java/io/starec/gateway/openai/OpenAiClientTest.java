package io.starec.gateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.avro.ChatMessage;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiClientTest {

  private static final List<ChatMessage> PROMPT = List.of(new ChatMessage("system", "You rank movies."),
      new ChatMessage("user", "Rank: Heat, Alien"));

  private final FakeOpenAi server;

  OpenAiClientTest() throws IOException {
    server = new FakeOpenAi();
  }

  @AfterEach
  void close() {
    server.close();
  }

  private OpenAiClient client(OpenAiSettings s) {
    OpenAiClient c = OpenAiClient.connect(s, ApiKey.none());
    c.verify(Duration.ofSeconds(5));
    return c;
  }

  private OpenAiClient client() {
    return client(OpenAiSettings.of(server.baseUrl(), "fake-model"));
  }

  private static long soon() {
    return System.currentTimeMillis() + 10_000;
  }

  private static List<ChatChoice> chat(OpenAiClient c, ChatRequest r, long deadline) {
    try {
      return c.chat(r, deadline).join();
    } catch (CompletionException e) {
      throw (BackendException) e.getCause();
    }
  }

  private static BackendException failure(OpenAiClient c, long deadline) {
    try {
      chat(c, new ChatRequest(PROMPT, 1, 7, 0.0, 64), deadline);
    } catch (BackendException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void sendsTheMessagesAsTheyAreWithTheSamplingAndReadsNChoicesWithTheirLogprobs() {
    // Given a server that answers each choice with its index
    server.script(FakeOpenAi.answering((call, i) -> "choice " + i + " of " + call.user()));
    OpenAiClient c = client();

    // When three choices are asked for
    List<ChatChoice> choices = chat(c, new ChatRequest(PROMPT, 3, 42, 0.7, 256), soon());

    // Then one request carried the messages, n, seed, temperature, max_tokens and logprobs
    assertThat(server.received()).hasSize(1);
    JsonNode body = server.received().get(0);
    assertThat(body.path("model").asText()).isEqualTo("fake-model");
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You rank movies.");
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(body.path("n").asInt()).isEqualTo(3);
    assertThat(body.path("seed").asLong()).isEqualTo(42);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.path("logprobs").asBoolean()).isTrue();
    assertThat(body.path("stream").asBoolean(false)).isFalse();

    // and the choices come back in order, each with the sum of its token log-probabilities
    assertThat(choices).extracting(ChatChoice::text).containsExactly("choice 0 of Rank: Heat, Alien",
        "choice 1 of Rank: Heat, Alien", "choice 2 of Rank: Heat, Alien");
    assertThat(choices).extracting(ChatChoice::index).containsExactly(0, 1, 2);
    assertThat(choices.get(0).logprob()).isEqualTo(3 * FakeOpenAi.PIECE_LOGPROB);
  }

  @Test
  void streamingJoinsTheChunksOfEveryChoice() {
    // Given a streaming client and a server that answers in SSE chunks
    server.script(FakeOpenAi.answering((call, i) -> "1. Heat - streamed " + i));
    OpenAiClient c = client(OpenAiSettings.of(server.baseUrl(), "fake-model").withStream(true));

    // When two choices are asked for
    List<ChatChoice> choices = chat(c, new ChatRequest(PROMPT, 2, 1, 1.0, 64), soon());

    // Then the request asked for a stream and each choice is its chunks joined, log-probabilities summed
    assertThat(server.received().get(0).path("stream").asBoolean()).isTrue();
    assertThat(choices).extracting(ChatChoice::text).containsExactly("1. Heat - streamed 0", "1. Heat - streamed 1");
    assertThat(choices).allMatch(ch -> ch.logprob() == 3 * FakeOpenAi.PIECE_LOGPROB);
  }

  @Test
  void aReasoningModelsReasoningContentBecomesTheThinkBlockStreamedOrNot() {
    server.script(FakeOpenAi.reasoning("The user liked thrillers.", call -> "1. Heat - a thriller"));

    for (boolean stream : new boolean[] {false, true}) {
      OpenAiClient c = client(OpenAiSettings.of(server.baseUrl(), "fake-model").withStream(stream));

      List<ChatChoice> choices = chat(c, new ChatRequest(PROMPT, 1, 1, 0.0, 64), soon());

      assertThat(choices.get(0).text()).as("stream=" + stream)
          .isEqualTo("<think>The user liked thrillers.</think>\n1. Heat - a thriller");
    }
  }

  @Test
  void anInlineThinkBlockIsKeptAsItIs() {
    server.script(FakeOpenAi.answering(call -> "<think>inline</think>\n1. Alien"));

    assertThat(chat(client(), new ChatRequest(PROMPT, 1, 1, 0.0, 64), soon()).get(0).text())
        .isEqualTo("<think>inline</think>\n1. Alien");
  }

  @Test
  void hostedReasoningModelsGetMaxCompletionTokensAndNoLogprobsWhenSoConfigured() {
    OpenAiSettings s = new OpenAiSettings(server.baseUrl(), "fake-model", null, null, 10_000, false, false,
        OpenAiSettings.MaxTokensField.MAX_COMPLETION_TOKENS, OpenAiSettings.Rollouts.AUTO, "");

    chat(client(s), new ChatRequest(PROMPT, 1, 1, 1.0, 512), soon());

    JsonNode body = server.received().get(0);
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(512);
    assertThat(body.has("max_tokens")).isFalse();
    assertThat(body.has("logprobs")).isFalse();
  }

  @Test
  void aRateLimitIsRetryableAndCarriesTheServersRetryAfter() {
    OpenAiClient c = client();

    server.script(FakeOpenAi.failing(429, "Rate limit reached", Map.of("Retry-After", "2")));
    BackendException seconds = failure(c, soon());
    server.script(FakeOpenAi.failing(429, "Rate limit reached", Map.of("retry-after-ms", "350")));
    BackendException millis = failure(c, soon());

    assertThat(seconds.kind()).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED);
    assertThat(seconds.kind().retryable()).isTrue();
    assertThat(seconds.retryAfterMs()).isEqualTo(2000);
    assertThat(seconds.getMessage()).contains("HTTP 429", "Rate limit reached", server.baseUrl(), "fake-model");
    assertThat(millis.retryAfterMs()).isEqualTo(350);
  }

  @Test
  void aRetryAfterPastTheDeadlineGivesUpAtOnce() {
    server.script(FakeOpenAi.failing(429, "slow down", Map.of("Retry-After", "30")));

    BackendException e = failure(client(), soon());

    assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
    assertThat(e.getMessage()).contains("past the task deadline");
  }

  @Test
  void serverErrorsAreRetryableAndTheSdkDoesNotRetryOnItsOwn() {
    OpenAiClient c = client();

    server.script(FakeOpenAi.failing(503, "engine restarting", Map.of()));
    BackendException unavailable = failure(c, soon());
    server.script(FakeOpenAi.failing(500, "CUDA error", Map.of()));
    BackendException internal = failure(c, soon());

    assertThat(unavailable.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(unavailable.getMessage()).contains("HTTP 503", "engine restarting");
    assertThat(internal.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(server.received()).hasSize(2);
  }

  @Test
  void badRequestsWrongKeysAndUnknownModelsAreNotRetriedAndSayWhy() {
    OpenAiClient c = client();
    server.script(FakeOpenAi.failing(400, "This model's maximum context length is 4096 tokens", Map.of()));
    BackendException bad = failure(c, soon());

    server.models("other-model");
    BackendException gone = failure(c, soon());

    server.models("fake-model");
    BackendException key;
    try (OpenAiClient revoked = OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "fake-model"),
        ApiKey.resolve(null, Map.of(ApiKey.ENV, "sk-wrong-secret")))) {
      revoked.verify(Duration.ofSeconds(5));
      server.requireKey("sk-right"); // the key is revoked after start
      key = failure(revoked, soon());
    }

    assertThat(bad.kind()).isEqualTo(ErrorKind.MODEL_ERROR);
    assertThat(bad.kind().retryable()).isFalse();
    assertThat(bad.getMessage()).contains("HTTP 400", "maximum context length", "/chat/completions",
        "model fake-model");
    assertThat(gone.kind()).isEqualTo(ErrorKind.REJECTED);
    assertThat(gone.getMessage()).contains("HTTP 404", "does not exist", "openai.model");
    assertThat(key.kind()).isEqualTo(ErrorKind.REJECTED);
    assertThat(key.kind().countsAgainstBackend()).isTrue();
    assertThat(key.getMessage()).contains("HTTP 401", "OPENAI_API_KEY").doesNotContain("sk-wrong-secret");
  }

  @Test
  void aHangingServerMissesTheTaskDeadlineAndAShorterCallTimeoutIsRetryable() {
    server.script(FakeOpenAi.hanging(5_000));

    long start = System.currentTimeMillis();
    BackendException deadline = failure(client(), start + 600);
    long took = System.currentTimeMillis() - start;
    BackendException callTimeout = failure(client(OpenAiSettings.of(server.baseUrl(), "fake-model")
        .withCallTimeoutMs(300)), System.currentTimeMillis() + 10_000);

    assertThat(deadline.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
    assertThat(took).isLessThan(3_000);
    assertThat(callTimeout.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(callTimeout.getMessage()).contains("openai.call.timeout.ms");
  }

  @Test
  void anErrorEventInsideAStreamIsReadByItsCode() {
    server.script(call -> {
      call.send(200, Map.of(), "text/event-stream",
          "data: {\"error\":{\"object\":\"error\",\"message\":\"engine died\",\"type\":\"InternalServerError\","
              + "\"code\":500}}\n\n");
    });
    OpenAiClient c = client(OpenAiSettings.of(server.baseUrl(), "fake-model").withStream(true));

    BackendException e = failure(c, soon());

    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("error event", "engine died");
  }

  @Test
  void aKeyIsSentAsBearerTokenAndNoneWithoutAKey() {
    server.requireKey("sk-test");
    try (OpenAiClient keyed = OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "fake-model"),
        ApiKey.resolve(null, Map.of(ApiKey.ENV, "sk-test")))) {
      keyed.verify(Duration.ofSeconds(5));
      chat(keyed, new ChatRequest(PROMPT, 1, 1, 0.0, 16), soon());
    }
    server.requireKey(null);
    chat(client(), new ChatRequest(PROMPT, 1, 1, 0.0, 16), soon());

    assertThat(server.authorizations()).containsExactly("Bearer sk-test", "Bearer sk-test", "", "");
  }

  @Test
  void verifySettlesTheModelName() throws Exception {
    // the configured model when listed; the only listed one when none is configured
    assertThat(OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "fake-model"), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isEqualTo("fake-model");
    assertThat(OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), ""), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isEqualTo("fake-model");
    // a single-model server (llama.cpp, TGI) answers to any name
    assertThat(OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "tgi"), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isEqualTo("tgi");

    server.models("qwen-7b", "qwen-72b");
    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "llama"), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isInstanceOf(OpenAiSetupException.class)
        .hasMessageContaining("model 'llama' (openai.model) is not served by the OpenAI-compatible server at "
            + server.baseUrl()).hasMessageContaining("[qwen-7b, qwen-72b]");
    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), ""), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isInstanceOf(OpenAiSetupException.class)
        .hasMessageContaining("set openai.model").hasMessageContaining("[qwen-7b, qwen-72b]");
  }

  @Test
  void verifyNamesAWrongUrlAnUnreachableServerAndARefusedKey() throws Exception {
    String noV1 = server.baseUrl().replace("/v1", "");
    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of(noV1, "fake-model"), ApiKey.none())
        .verify(Duration.ofSeconds(5))).isInstanceOf(OpenAiSetupException.class).hasMessageContaining("ends in /v1");

    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of("http://127.0.0.1:" + closedPort + "/v1",
        "m"), ApiKey.none()).verify(Duration.ofSeconds(5))).isInstanceOf(OpenAiSetupException.class)
        .hasMessageContaining("cannot be reached");

    server.requireKey("sk-right");
    assertThatThrownBy(() -> OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "fake-model"),
        ApiKey.resolve(null, Map.of(ApiKey.ENV, "sk-wrong"))).verify(Duration.ofSeconds(5)))
        .isInstanceOf(OpenAiSetupException.class).hasMessageContaining("HTTP 401")
        .hasMessageContaining("openai.api.key.file").hasMessageNotContaining("sk-wrong");
  }
}
