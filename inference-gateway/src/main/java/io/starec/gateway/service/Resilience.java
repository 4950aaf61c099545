package io.starec.gateway.service;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries (exponential backoff with jitter, at least the server's Retry-After, only on UNAVAILABLE /
 * RESOURCE_EXHAUSTED, never past the task deadline) around a circuit breaker (count-based window; it records
 * backend failures, not model or task errors). An open circuit refuses calls at once with
 * {@link ErrorKind#CIRCUIT_OPEN}.
 */
public final class Resilience {

  private final Retry retry;
  private final CircuitBreaker breaker;

  public Resilience(Retry retry, CircuitBreaker breaker) {
    this.retry = retry;
    this.breaker = breaker;
  }

  public static Resilience from(GatewayConfig c) {
    return of(c.getInt(GatewayConfig.RETRY_MAX_ATTEMPTS), c.getLong(GatewayConfig.RETRY_INITIAL_BACKOFF_MS),
        c.getDouble(GatewayConfig.RETRY_MULTIPLIER), c.getDouble(GatewayConfig.RETRY_JITTER),
        c.getLong(GatewayConfig.RETRY_MAX_BACKOFF_MS), c.getInt(GatewayConfig.BREAKER_FAILURE_RATE),
        c.getInt(GatewayConfig.BREAKER_WINDOW), c.getInt(GatewayConfig.BREAKER_MIN_CALLS),
        c.getLong(GatewayConfig.BREAKER_OPEN_MS), c.getInt(GatewayConfig.BREAKER_HALF_OPEN_CALLS));
  }

  public static Resilience of(int attempts, long initialBackoffMs, double multiplier, double jitter,
      long maxBackoffMs, int failureRate, int window, int minCalls, long openMs, int halfOpenCalls) {
    IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(initialBackoffMs),
        multiplier, jitter, Duration.ofMillis(Math.max(initialBackoffMs, maxBackoffMs)));
    RetryConfig rc = RetryConfig.custom()
        .maxAttempts(attempts)
        // a server's Retry-After is a floor under the jittered backoff, not a cap
        .intervalBiFunction((attempt, outcome) -> Math.max(backoff.apply(attempt),
            outcome.isLeft() && outcome.getLeft() instanceof BackendException be ? be.retryAfterMs() : 0))
        .retryOnException(e -> e instanceof BackendException be && be.kind().retryable())
        .failAfterMaxAttempts(false)
        .build();
    CircuitBreakerConfig cc = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(window)
        .minimumNumberOfCalls(Math.min(minCalls, window))
        .failureRateThreshold(failureRate)
        .waitDurationInOpenState(Duration.ofMillis(openMs))
        .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .recordException(e -> e instanceof BackendException be && be.kind().countsAgainstBackend())
        .build();
    return new Resilience(Retry.of("backend", rc), CircuitBreaker.of("backend", cc));
  }

  /**
   * Runs {@code call} with retries and the breaker.
   *
   * @throws BackendException the last failure, {@link ErrorKind#CIRCUIT_OPEN}, or
   *     {@link ErrorKind#DEADLINE_EXCEEDED} when the deadline passes between attempts
   */
  public <T> T call(Supplier<T> call, long deadlineMs) {
    Supplier<T> guarded = () -> {
      if (System.currentTimeMillis() >= deadlineMs) {
        throw new BackendException(ErrorKind.DEADLINE_EXCEEDED, "task deadline passed");
      }
      return call.get();
    };
    Supplier<T> decorated = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, guarded));
    try {
      return decorated.get();
    } catch (CallNotPermittedException e) {
      throw new BackendException(ErrorKind.CIRCUIT_OPEN, "circuit breaker is " + breaker.getState()
          + " after repeated backend failures", e);
    }
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  public Retry retry() {
    return retry;
  }
}
