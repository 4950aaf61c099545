package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.gateway.backend.TritonBackend;
import io.starec.gateway.triton.ChatTemplate;
import io.starec.gateway.triton.FakeTriton;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonProfile;
import io.starec.gateway.triton.TritonSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gateway against an in-process Triton on a real broker: circuit breaker and deadlines. */
class GatewayResilienceIT extends GatewayItBase {

  @Test
  void anUnavailableServerOpensTheCircuitErrorsAreAnsweredAndItRecovers() throws Exception {
    // Given a Triton backend with a tight breaker, one task at a time (a half-open breaker admits only its
    // trial calls, so concurrent tasks would be refused while it decides)
    FakeTriton triton = new FakeTriton();
    closeables.add(triton);
    ManagedChannel channel = triton.channel();
    closeables.add(channel::shutdownNow);
    TritonClient client = new TritonClient(channel, TritonSettings.of("in-process", "vllm_model", TritonProfile.VLLM));
    client.verify(Duration.ofSeconds(5));
    triton.script(FakeTriton.vllmLike(req -> "<think>t</think>\n1. " + catalogue.get(0).getTitle() + " - ok"));
    GatewayService gw = start(config(Map.of(GatewayConfig.MAX_IN_FLIGHT, "1", GatewayConfig.RETRY_MAX_ATTEMPTS, "2",
        GatewayConfig.RETRY_INITIAL_BACKOFF_MS, "10", GatewayConfig.BREAKER_WINDOW, "6",
        GatewayConfig.BREAKER_MIN_CALLS, "4", GatewayConfig.BREAKER_OPEN_MS, "1500",
        GatewayConfig.BREAKER_HALF_OPEN_CALLS, "2")), new TritonBackend(client, ChatTemplate.CHATML));
    List<CircuitBreaker.State> transitions = new CopyOnWriteArrayList<>();
    gw.resilience().breaker().getEventPublisher()
        .onStateTransition(e -> transitions.add(e.getStateTransition().getToState()));
    List<InferenceResult> results = results();
    long deadline = System.currentTimeMillis() + 120_000;

    // When the server works, then answers UNAVAILABLE, then works again
    List<InferenceTask> before = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      before.add(task(i, deadline));
    }
    produce(before);
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 5);

    triton.script((req, out) -> out.fail(Status.UNAVAILABLE.withDescription("model server restarting")));
    List<InferenceTask> during = new ArrayList<>();
    for (int i = 100; i < 115; i++) {
      during.add(task(i, deadline));
    }
    produce(during);
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 20);

    triton.script(FakeTriton.vllmLike(req -> "<think>t</think>\n1. " + catalogue.get(0).getTitle() + " - back"));
    await().atMost(Duration.ofSeconds(10)).until(() -> gw.resilience().breaker().getState() != CircuitBreaker.State.OPEN);
    List<InferenceTask> after = new ArrayList<>();
    for (int i = 200; i < 210; i++) {
      after.add(task(i, deadline));
    }
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

  @Test
  void aSlowServerTripsTheTaskDeadline() throws Exception {
    FakeTriton triton = new FakeTriton();
    closeables.add(triton);
    ManagedChannel channel = triton.channel();
    closeables.add(channel::shutdownNow);
    TritonClient client = new TritonClient(channel, TritonSettings.of("in-process", "ensemble", TritonProfile.TRTLLM));
    client.verify(Duration.ofSeconds(5));
    triton.script((req, out) -> {
      Thread.sleep(5_000);
      out.text("too late", true);
    });
    start(config(Map.of()), new TritonBackend(client, ChatTemplate.CHATML));
    List<InferenceResult> results = results();

    produce(List.of(task(1, System.currentTimeMillis() + 700)));

    await().atMost(Duration.ofSeconds(20)).until(() -> !results.isEmpty());
    InferenceResult r = results.get(0);
    assertThat(r.getError()).startsWith("deadline-exceeded");
    assertThat(r.getOutputs()).isEmpty();
    assertThat(r.getLatencyMs()).isLessThan(4_000);
    assertThat(r.getPromptMessages()).hasSize(2);
  }

}
