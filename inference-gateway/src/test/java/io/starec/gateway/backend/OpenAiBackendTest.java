package io.starec.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.prompt.ChatPrompt;
import io.starec.core.prompt.PromptOptions;
import io.starec.core.prompt.Prompts;
import io.starec.gateway.Fixtures;
import io.starec.gateway.openai.ApiKey;
import io.starec.gateway.openai.FakeOpenAi;
import io.starec.gateway.openai.OpenAiClient;
import io.starec.gateway.openai.OpenAiSettings;
import io.starec.gateway.service.GatewayMetrics;
import io.starec.gateway.service.Resilience;
import io.starec.gateway.service.TaskProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiBackendTest {

  private final List<CandidateItem> catalogue = Fixtures.catalogue(30, 2);
  private final FakeOpenAi server;

  OpenAiBackendTest() throws Exception {
    server = new FakeOpenAi();
  }

  @AfterEach
  void close() {
    server.close();
  }

  private OpenAiBackend backend(OpenAiSettings s) {
    OpenAiClient c = OpenAiClient.connect(s, ApiKey.none());
    c.verify(Duration.ofSeconds(5));
    return new OpenAiBackend(c);
  }

  private OpenAiBackend backend() {
    return backend(OpenAiSettings.of(server.baseUrl(), "fake-model"));
  }

  private InferenceTask task(String id, int n) {
    return Fixtures.rank(id, "u1", catalogue.subList(0, 5), catalogue.subList(5, 25), n, 1.0,
        System.currentTimeMillis() + 10_000);
  }

  private static BackendRequest request(InferenceTask task) {
    ChatPrompt prompt = Prompts.forTask(task, PromptOptions.defaults());
    return new BackendRequest(task, prompt, task.getSampling().getN(), task.getDeadlineMs());
  }

  private List<Long> seeds() {
    return server.received().stream().map(b -> b.path("seed").asLong()).toList();
  }

  @Test
  void nRolloutsAreOneRequestWithNChoicesAndThePromptGoesAsItIs() {
    // Given a server that supports n
    server.script(FakeOpenAi.answering((call, i) -> "<think>r</think>\n1. choice " + i));
    OpenAiBackend backend = backend();
    InferenceTask task = task("t1", 3);
    BackendRequest request = request(task);

    // When a task asks for three rollouts
    BackendAnswer a = backend.complete(request);

    // Then one request asked for three choices with the rendered messages, untemplated
    assertThat(server.received()).hasSize(1);
    JsonNode body = server.received().get(0);
    assertThat(body.path("n").asInt()).isEqualTo(3);
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(request.prompt().system());
    assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo(request.prompt().user())
        .doesNotContain("<|im_start|>");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(task.getSampling().getMaxTokens());
    assertThat(a.completions()).extracting(Completion::text).containsExactly("<think>r</think>\n1. choice 0",
        "<think>r</think>\n1. choice 1", "<think>r</think>\n1. choice 2");
    assertThat(a.completions()).extracting(Completion::rollout).containsExactly(0, 1, 2);
    assertThat(a.completions()).allMatch(c -> c.logprob() != null && c.logprob() < 0);
    assertThat(a.modelVersion()).isEqualTo("fake-model");
    assertThat(backend.name()).isEqualTo("openai");
    assertThat(backend.asksForNChoices()).isTrue();
  }

  @Test
  void aServerThatIgnoresNGetsOneRequestPerMissingRolloutFromThenOn() {
    // Given an Ollama-like server that answers one choice whatever n
    server.script(FakeOpenAi.ignoringN(call -> "1. seed " + call.seed()));
    OpenAiBackend backend = backend();

    // When a task asks for three rollouts
    BackendAnswer a = backend.complete(request(task("t2", 3)));

    // Then the two missing rollouts were asked for separately, each with its own seed
    assertThat(a.completions()).hasSize(3);
    assertThat(server.received()).hasSize(3);
    assertThat(seeds()).doesNotHaveDuplicates();
    assertThat(backend.asksForNChoices()).isFalse();

    // and the next task goes one request per rollout straight away, none asking for n
    server.received().clear();
    assertThat(backend.complete(request(task("t3", 2))).completions()).hasSize(2);
    assertThat(server.received()).hasSize(2).allMatch(b -> !b.has("n"));
  }

  @Test
  void aServerThatRefusesNGetsOneRequestPerRollout() {
    // Given a llama.cpp-like server that answers 400 to n > 1
    server.script(FakeOpenAi.refusingN(call -> "1. seed " + call.seed()));
    OpenAiBackend backend = backend();

    BackendAnswer a = backend.complete(request(task("t4", 4)));

    assertThat(a.completions()).extracting(Completion::text).hasSize(4).doesNotHaveDuplicates();
    assertThat(server.received()).hasSize(5); // the refused one, then four single ones
    assertThat(backend.asksForNChoices()).isFalse();
  }

  @Test
  void aRequestTheServerRefusesForItsOwnSakeStaysAModelErrorAndNKeepsBeingAsked() {
    // Given a server that refuses every request (e.g. the prompt exceeds the context)
    server.script(FakeOpenAi.failing(400, "maximum context length is 2048 tokens", Map.of()));
    OpenAiBackend backend = backend();

    // When a task asks for two rollouts, the single-rollout probe fails the same way
    assertThatThrownBy(() -> backend.complete(request(task("t5", 2)))).isInstanceOf(BackendException.class)
        .satisfies(e -> assertThat(((BackendException) e).kind()).isEqualTo(ErrorKind.MODEL_ERROR))
        .hasMessageContaining("maximum context length");

    // Then that is the task's error, and n is still asked for
    assertThat(server.received()).hasSize(2);
    assertThat(backend.asksForNChoices()).isTrue();
  }

  @Test
  void separateRolloutsAreSentTogetherWithSeedsFromTheTaskSeed() {
    server.script(FakeOpenAi.answering(call -> "1. seed " + call.seed()));
    OpenAiBackend backend = backend(OpenAiSettings.of(server.baseUrl(), "fake-model")
        .withRollouts(OpenAiSettings.Rollouts.SEPARATE));
    InferenceTask task = task("t6", 3);
    task.getSampling().setSeed(100L);

    BackendAnswer a = backend.complete(request(task));

    assertThat(seeds()).containsExactlyInAnyOrder(100L, 101L, 102L);
    assertThat(a.completions()).extracting(Completion::text).containsExactly("1. seed 100", "1. seed 101",
        "1. seed 102");
  }

  @Test
  void theReasoningIsWhatTheParserAndTheTrainingRecordSeeAsTheChainOfThought() {
    // Given a reasoning model whose chain of thought comes in reasoning_content
    String title = catalogue.get(7).getTitle();
    server.script(FakeOpenAi.reasoning("She rated space films highly.", call -> "1. " + title + " - space"));
    TaskProcessor processor = new TaskProcessor(backend(), Resilience.of(1, 1, 1, 0, 1, 50, 4, 4, 1000, 1),
        PromptOptions.defaults(), new RankingParser(), new ReflectionParser(), new GatewayMetrics(), 10_000,
        600_000, Clock.systemUTC());

    // When the gateway processes a ranking task
    InferenceResult r = processor.process(task("t7", 1)).result();

    // Then the output's text holds the think block and its rationale is the reasoning
    assertThat(r.getError()).isNull();
    assertThat(r.getBackend()).isEqualTo("openai");
    InferenceOutput o = r.getOutputs().get(0);
    assertThat(o.getText()).startsWith("<think>She rated space films highly.</think>");
    assertThat(o.getRationale()).isEqualTo("She rated space films highly.");
    assertThat(o.getRanking().get(0).getItemId()).isEqualTo(catalogue.get(7).getItemId());
    assertThat(o.getParseIssues()).noneMatch(i -> i.contains("think"));
  }

  @Test
  void aRateLimitIsRetriedByTheGatewayNoSoonerThanTheServersRetryAfter() {
    // Given a server that answers the first request 429 with Retry-After: 1, then ranks
    List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    FakeOpenAi.Script limited = FakeOpenAi.failing(429, "Rate limit reached for requests", Map.of("Retry-After", "1"));
    FakeOpenAi.Script ranking = FakeOpenAi.answering(call -> "1. " + catalogue.get(6).getTitle());
    server.script(call -> {
      arrivals.add(System.nanoTime() / 1_000_000);
      (arrivals.size() == 1 ? limited : ranking).answer(call);
    });
    TaskProcessor processor = new TaskProcessor(backend(), Resilience.of(3, 10, 1, 0, 10, 50, 10, 10, 1000, 1),
        PromptOptions.defaults(), new RankingParser(), new ReflectionParser(), new GatewayMetrics(), 10_000,
        600_000, Clock.systemUTC());

    // When the gateway processes a task, with a 10 ms backoff of its own
    InferenceResult r = processor.process(task("t8", 1)).result();

    // Then the retry came a second later and answered
    assertThat(r.getError()).isNull();
    assertThat(arrivals).hasSize(2);
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(1000);
  }
}
