package io.starec.gateway.backend;

import java.util.Locale;

/** Why a backend call failed; the lower-case name is the prefix of {@code InferenceResult.error} and a metric tag. */
public enum ErrorKind {
  /** The server cannot be reached or is shutting down (gRPC UNAVAILABLE); retried. */
  UNAVAILABLE(true, true),
  /** The server is overloaded (gRPC RESOURCE_EXHAUSTED); retried. */
  RESOURCE_EXHAUSTED(true, true),
  /** The task's deadline or the call timeout passed. */
  DEADLINE_EXCEEDED(false, true),
  /** The circuit breaker is open: calls are refused without trying. */
  CIRCUIT_OPEN(false, false),
  /**
   * The server refuses the gateway itself, whatever the request: API key, URL or model wrong (HTTP 401, 403,
   * 404) or its TLS certificate not trusted. Not retried; counts against the backend.
   */
  REJECTED(false, true),
  /** The model reported an error for this request (e.g. prompt too long). */
  MODEL_ERROR(false, false),
  /** The server answered something the client cannot read. */
  PROTOCOL(false, true),
  /** The task itself is malformed (sent to the DLQ too). */
  INVALID_TASK(false, false),
  /** Anything else. */
  INTERNAL(false, true);

  private final boolean retryable;
  private final boolean countsAgainstBackend;

  ErrorKind(boolean retryable, boolean countsAgainstBackend) {
    this.retryable = retryable;
    this.countsAgainstBackend = countsAgainstBackend;
  }

  public boolean retryable() {
    return retryable;
  }

  /** Whether the circuit breaker records it as a failure of the backend. */
  public boolean countsAgainstBackend() {
    return countsAgainstBackend;
  }

  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
