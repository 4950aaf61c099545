package io.starec.streamapp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;

/**
 * The stream app's own counters (Prometheus names {@code starec_stream_*_total}). Stream threads and exception
 * handlers share one instance; Micrometer counters are thread-safe.
 */
public final class AppMetrics {

  /** Config key under which the instance reaches the exception handlers (Kafka creates them reflectively). */
  public static final String CONFIG_KEY = "starec.metrics.instance";

  private final MeterRegistry registry;

  public AppMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Counters kept in memory only (tests, tools). */
  public static AppMetrics inMemory() {
    return new AppMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A result for an unknown, finished, expired or mismatched task id was dropped. */
  public void resultDropped(String reason) {
    counter("starec.stream.results.dropped", "Inference results dropped instead of applied", "reason", reason)
        .increment();
  }

  /** A record went to the dead letter queue. */
  public void deadLettered(String stage) {
    counter("starec.stream.dlq", "Records sent to the dead letter queue", "stage", stage).increment();
  }

  /** Reflection lifecycle: requested, applied, failed, expired. */
  public void reflection(String event) {
    counter("starec.stream.reflections", "Reflection tasks by outcome", "event", event).increment();
  }

  /** A reward record was emitted. */
  public void reward(String task) {
    counter("starec.stream.rewards", "Reward records emitted", "task", task).increment();
  }

  /** A degraded (fallback) ranking was served. */
  public void degraded(String reason) {
    counter("starec.stream.degraded", "Degraded fallback rankings served", "reason", reason).increment();
  }

  /** A rank task was sent to the gateway. */
  public void rankTask(String mode) {
    counter("starec.stream.rank.tasks", "Rank tasks sent to the inference gateway", "mode", mode).increment();
  }

  /** A rollout's embedded-policy features were kept for the learner, or dropped because they broke the contract. */
  public void policyFeatures(String outcome) {
    counter("starec.stream.policy.features", "Rollouts by what became of their policy features", "outcome", outcome)
        .increment();
  }

  /**
   * A RANK result broke the gateway's contract: a ranking that is not a permutation of the candidates
   * ({@code ranking}), or policy features not aligned to their ranking ({@code policy_features}).
   */
  public void contractViolation(String violation) {
    counter("starec.stream.contract.violations", "RANK results that broke the gateway's contract", "violation",
        violation).increment();
  }

  /** A ranking request was answered with an error or ignored. */
  public void requestRejected(String reason) {
    counter("starec.stream.requests.rejected", "Ranking requests rejected or ignored", "reason", reason)
        .increment();
  }

  /**
   * An interaction was applied, or ignored as a duplicate; unknown_item: applied, on an item not in the catalogue.
   */
  public void interaction(String outcome) {
    counter("starec.stream.interactions", "Interactions by outcome", "outcome", outcome).increment();
  }

  /** A stream thread died: replaced, registry_unreachable (replaced after a back-off) or shutdown. */
  public void threadDeath(String outcome) {
    counter("starec.stream.thread.deaths", "Stream thread deaths by what followed", "outcome", outcome).increment();
  }

  /** Current value of a counter (0 if it never counted); for tests and logs. */
  public double count(String name, String tagKey, String tagValue) {
    Counter c = registry.find(name).tag(tagKey, tagValue).counter();
    return c == null ? 0.0 : c.count();
  }

  /** Sum over all tags of a counter. */
  public double total(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private Counter counter(String name, String description, String tagKey, String tagValue) {
    return Counter.builder(name).description(description).tag(tagKey, tagValue).register(registry);
  }
}
