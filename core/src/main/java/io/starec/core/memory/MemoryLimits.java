package io.starec.core.memory;

import java.time.Duration;

/**
 * Bounds of one user's memory: history length, how many pending rankings are kept and for how long (event time),
 * and the description length.
 */
public record MemoryLimits(int historySize, int pendingRankings, long pendingTtlMs, int descriptionCap) {

  public static final int DEFAULT_HISTORY = 40;
  public static final int DEFAULT_PENDING = 3;
  public static final long DEFAULT_PENDING_TTL_MS = Duration.ofDays(1).toMillis();
  public static final int DEFAULT_DESCRIPTION_CAP = 1_200;

  public MemoryLimits {
    if (historySize < 1 || pendingRankings < 1 || pendingTtlMs < 1 || descriptionCap < 1) {
      throw new IllegalArgumentException("memory limits must be positive: history " + historySize + ", pending "
          + pendingRankings + ", ttl " + pendingTtlMs + ", description " + descriptionCap);
    }
  }

  public static MemoryLimits defaults() {
    return new MemoryLimits(DEFAULT_HISTORY, DEFAULT_PENDING, DEFAULT_PENDING_TTL_MS, DEFAULT_DESCRIPTION_CAP);
  }
}
