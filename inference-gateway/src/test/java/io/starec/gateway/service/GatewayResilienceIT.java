package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway against an in-process model server on a real broker, once per LLM backend (Triton over KServe v2
 * gRPC, and an OpenAI-compatible server over HTTP): exact counts, a restart, the circuit breaker, deadlines.
 */
class GatewayResilienceIT extends GatewayItBase {

  private ModelServer server(ModelServer.Kind kind) throws Exception {
    ModelServer s = kind.start();
    closeables.add(s);
    return s;
  }

  private String ranking(String note) {
    return "<think>t</think>\n1. " + catalogue.get(0).getTitle() + " - " + note;
  }

  @ParameterizedTest
  @EnumSource(ModelServer.Kind.class)
  void thousandTasksGiveExactlyThousandResultsAndCommitsCatchUp(ModelServer.Kind kind) throws Exception {
    ModelServer s = server(kind);
    s.answer(ranking("ok"), 0);

    thousandTasksGiveThousandResults(s.backend());
  }

  @ParameterizedTest
  @EnumSource(ModelServer.Kind.class)
  void aRestartMidRunLosesNoTask(ModelServer.Kind kind) throws Exception {
    ModelServer s = server(kind);
    s.answer(ranking("slow"), 40);

    restartLosesNoTask(s::backend);
  }

  @ParameterizedTest
  @EnumSource(ModelServer.Kind.class)
  void anUnavailableServerOpensTheCircuitErrorsAreAnsweredAndItRecovers(ModelServer.Kind kind) throws Exception {
    // Given an LLM backend with a tight breaker, one task at a time (a half-open breaker admits only its
    // trial calls, so concurrent tasks would be refused while it decides)
    ModelServer s = server(kind);
    s.answer(ranking("ok"), 0);
    GatewayService gw = start(config(Map.of(GatewayConfig.MAX_IN_FLIGHT, "1", GatewayConfig.RETRY_MAX_ATTEMPTS, "2",
        GatewayConfig.RETRY_INITIAL_BACKOFF_MS, "10", GatewayConfig.BREAKER_WINDOW, "6",
        GatewayConfig.BREAKER_MIN_CALLS, "4", GatewayConfig.BREAKER_OPEN_MS, "1500",
        GatewayConfig.BREAKER_HALF_OPEN_CALLS, "2")), s.backend());
    List<CircuitBreaker.State> transitions = new CopyOnWriteArrayList<>();
    gw.resilience().breaker().getEventPublisher()
        .onStateTransition(e -> transitions.add(e.getStateTransition().getToState()));
    List<InferenceResult> results = results();
    long deadline = System.currentTimeMillis() + 120_000;

    // When the server works, then fails as a restarting server does, then works again
    List<InferenceTask> before = tasks(0, 5, deadline);
    produce(before);
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 5);

    s.down();
    List<InferenceTask> during = tasks(100, 15, deadline);
    produce(during);
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 20);

    s.answer(ranking("back"), 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> gw.resilience().breaker().getState() != CircuitBreaker.State.OPEN);
    List<InferenceTask> after = tasks(200, 10, deadline);
    produce(after);
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 30);

    // Then every task got a result: successes, then error results while it was down, then successes again
    Map<String, InferenceResult> byId = new HashMap<>();
    results.forEach(r -> byId.put(r.getTaskId(), r));
    assertThat(before).allMatch(t -> byId.get(t.getTaskId()).getError() == null);
    assertThat(during).allMatch(t -> byId.get(t.getTaskId()).getError() != null
        && byId.get(t.getTaskId()).getOutputs().isEmpty());
    assertThat(during.stream().map(t -> byId.get(t.getTaskId()).getError()))
        .anyMatch(e -> e.startsWith("unavailable")).anyMatch(e -> e.startsWith("circuit-open"));
    assertThat(transitions).contains(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
    assertThat(after).allMatch(t -> byId.get(t.getTaskId()).getError() == null);
    assertThat(gw.resilience().breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(gw.metrics().count("starec.gateway.errors", "kind", "circuit-open")).isPositive();
  }

  @ParameterizedTest
  @EnumSource(ModelServer.Kind.class)
  void aSlowServerTripsTheTaskDeadline(ModelServer.Kind kind) throws Exception {
    // Given a server that answers only after five seconds
    ModelServer s = server(kind);
    s.hang(5_000);
    start(config(Map.of()), s.backend());
    List<InferenceResult> results = results();

    // When a task with a 700 ms deadline arrives
    produce(List.of(task(1, System.currentTimeMillis() + 700)));

    // Then its result is a deadline error, well before the server would have answered, with the prompt kept
    await().atMost(Duration.ofSeconds(20)).until(() -> !results.isEmpty());
    InferenceResult r = results.get(0);
    assertThat(r.getError()).startsWith("deadline-exceeded");
    assertThat(r.getOutputs()).isEmpty();
    assertThat(r.getLatencyMs()).isLessThan(4_000);
    assertThat(r.getPromptMessages()).hasSize(2);
  }

  private List<InferenceTask> tasks(int first, int count, long deadline) {
    List<InferenceTask> out = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      out.add(task(i, deadline));
    }
    return out;
  }
}
