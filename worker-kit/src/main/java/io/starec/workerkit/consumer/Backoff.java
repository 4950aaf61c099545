package io.starec.workerkit.consumer;

/**
 * Capped exponential backoff with jitter: retry {@code n} waits {@code initialMs * 2^(n-1)}, at most {@code maxMs},
 * shortened by a random part of up to {@code jitter} of itself, so consumers that failed together do not retry
 * together and no wait exceeds the cap.
 */
public record Backoff(long initialMs, long maxMs, double jitter) {

  public Backoff {
    if (initialMs < 1 || maxMs < initialMs || jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("backoff needs 1 <= initialMs <= maxMs and 0 <= jitter < 1, got "
          + initialMs + ", " + maxMs + ", " + jitter);
    }
  }

  /**
   * The wait before retry {@code attempt} (1 = the first).
   *
   * @param random uniform in [0, 1): 0 waits the full step
   */
  public long delayMs(int attempt, double random) {
    double step = Math.min(maxMs, initialMs * Math.pow(2, Math.max(0, attempt - 1)));
    return Math.max(1, Math.round(step * (1 - jitter * random)));
  }
}
