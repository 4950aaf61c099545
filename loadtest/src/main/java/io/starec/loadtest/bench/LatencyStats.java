package io.starec.loadtest.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latency figures of one offered rate, from an HdrHistogram of the coordinated-omission corrected latencies
 * (microseconds, 3 significant digits). Unanswered requests are not in the histogram; they are counted as lost.
 *
 * @param achievedPerSecond answers per second over the span from the first intended send to the last answer
 */
public record LatencyStats(double offeredPerSecond, double seconds, int sent, int answered, int degraded,
    int errors, int lost, double achievedPerSecond, double p50Ms, double p95Ms, double p99Ms, double maxMs,
    double meanMs) {

  public static LatencyStats of(double offeredPerSecond, double seconds, List<OpenLoop.Outcome> outcomes, int sent) {
    Histogram h = new Histogram(1, 600_000_000L, 3);
    int answered = 0;
    int degraded = 0;
    int errors = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (OpenLoop.Outcome o : outcomes) {
      first = Math.min(first, o.intendedNanos());
      if (!o.answered()) {
        continue;
      }
      answered++;
      degraded += o.degraded() ? 1 : 0;
      errors += o.errorResponse() ? 1 : 0;
      last = Math.max(last, o.doneNanos());
      h.recordValue(Math.max(1, Math.min(h.getHighestTrackableValue(), o.latencyNanos() / 1_000)));
    }
    double span = answered == 0 ? seconds : Math.max(seconds, (last - first) / 1e9);
    return new LatencyStats(offeredPerSecond, seconds, sent, answered, degraded, errors, sent - answered,
        answered / span, ms(h, 50), ms(h, 95), ms(h, 99), answered == 0 ? 0 : h.getMaxValue() / 1e3,
        answered == 0 ? 0 : h.getMean() / 1e3);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e3;
  }

  /**
   * Whether this rate is beyond what the system sustains: requests lost, more than 1% degraded (deadline missed),
   * fewer than 90% of the offered answers per second, or p99 above half the deadline.
   */
  public boolean saturated(long deadlineMs) {
    return lost > 0 || degraded > 0.01 * Math.max(1, sent) || achievedPerSecond < 0.9 * offeredPerSecond
        || p99Ms > deadlineMs / 2.0;
  }
}
