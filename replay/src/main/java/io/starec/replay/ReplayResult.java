package io.starec.replay;

import java.util.Locale;

/**
 * What a replay did.
 *
 * @param rankingsAnswered simulated rankings answered by the pipeline (degraded ones included)
 * @param rankingsFailed simulated rankings without an answer in time (their interactions were sent anyway)
 * @param rankingErrors answers with an error instead of a ranking
 * @param stopped the replay was stopped before its end
 */
public record ReplayResult(int items, int users, long interactions, long rankingsRequested, long rankingsAnswered,
    long rankingsDegraded, long rankingErrors, long rankingsFailed, long parseFailures, long catalogueNanos,
    long wallNanos, boolean stopped) {

  public double seconds() {
    return wallNanos / 1e9;
  }

  /** Interactions per second over the whole run (catalogue included). */
  public double eventsPerSecond() {
    return wallNanos <= 0 ? 0 : interactions / (wallNanos / 1e9);
  }

  /** The final line of {@code starec replay}. */
  public String summaryLine() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "replayed %,d interactions of %,d users (+ %,d items) in %.1f s: %,.0f events/s", interactions, users, items,
        seconds(), eventsPerSecond()));
    if (rankingsRequested > 0) {
      b.append(String.format(Locale.ROOT, "; %,d simulated rankings (%,d answered, %,d degraded, %,d errors, "
          + "%,d unanswered, %,d parse failures)", rankingsRequested, rankingsAnswered, rankingsDegraded,
          rankingErrors, rankingsFailed, parseFailures));
    }
    if (stopped) {
      b.append(" [stopped early]");
    }
    return b.toString();
  }
}
