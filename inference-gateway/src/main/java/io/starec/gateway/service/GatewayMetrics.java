package io.starec.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.core.parse.ParsedRanking;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics: task latency histogram (by kind and outcome), tasks in flight, errors by
 * kind, parse issues by code, DLQ records, the policy version and the circuit state.
 */
public final class GatewayMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong policyVersion = new AtomicLong(-1);

  public GatewayMetrics() {
    Gauge.builder("starec.gateway.inflight", inFlight, AtomicInteger::get)
        .description("Tasks being processed").register(registry);
    Gauge.builder("starec.gateway.policy.version", policyVersion, AtomicLong::get)
        .description("Version of the embedded policy's scorer").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public String scrape() {
    return registry.scrape();
  }

  /** Registers the circuit state gauge (0 closed, 1 open, 2 half-open, 3 other). */
  public void circuitState(Supplier<Number> state) {
    Gauge.builder("starec.gateway.circuit.state", state).description("0 closed, 1 open, 2 half-open")
        .register(registry);
  }

  public AtomicInteger inFlight() {
    return inFlight;
  }

  public void policyVersion(long v) {
    policyVersion.set(v);
  }

  public void task(String kind, String outcome, Duration latency) {
    Timer.builder("starec.gateway.task.latency").description("Task latency from dispatch to result")
        .tag("kind", kind).tag("outcome", outcome).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry).record(latency);
  }

  public void error(String kind) {
    Counter.builder("starec.gateway.errors").description("Failed tasks by error kind").tag("kind", kind)
        .register(registry).increment();
  }

  public void parseIssue(String issue) {
    Counter.builder("starec.gateway.parse.issues").description("Parser repairs by code")
        .tag("code", ParsedRanking.code(issue)).register(registry).increment();
  }

  public void dlq(String reason) {
    Counter.builder("starec.gateway.dlq").description("Records sent to the DLQ").tag("reason", reason)
        .register(registry).increment();
  }

  public void policyUpdate(String outcome) {
    Counter.builder("starec.gateway.policy.updates").description("Policy updates seen").tag("outcome", outcome)
        .register(registry).increment();
  }

  public double count(String name, String tagKey, String tagValue) {
    Counter c = registry.find(name).tag(tagKey, tagValue).counter();
    return c == null ? 0 : c.count();
  }
}
