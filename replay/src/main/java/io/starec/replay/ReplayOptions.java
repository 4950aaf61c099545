package io.starec.replay;

import io.starec.avro.RankingMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How a replay runs.
 *
 * @param pacing how fast interactions are published
 * @param mode SERVE, or EXPLORE (G sampled rollouts per simulated ranking: GRPO groups)
 * @param negatives negatives per simulated ranking (the paper: 19)
 * @param seed seeds the negatives of simulated rankings
 * @param maxUsersInFlight users with a simulated ranking outstanding at once (each waits for its answer before
 *     its interaction is sent)
 * @param lookahead events ahead of the oldest unsent one that may start while it waits (other users only)
 * @param responseTimeout how long to wait for a simulated ranking's answer before sending the interaction anyway;
 *     also the request's deadline, counted from the wall clock (see {@link Replayer})
 * @param publishCatalogue publish items and user profiles before the interactions
 * @param unknownItemRetries re-asks when the stream app does not know a candidate yet (its items table lags)
 */
public record ReplayOptions(Pacing pacing, RankingMode mode, int negatives, long seed, int maxUsersInFlight,
    int lookahead, Duration responseTimeout, boolean publishCatalogue,
    int unknownItemRetries) {

  public static final int DEFAULT_IN_FLIGHT = 8;

  public ReplayOptions {
    Objects.requireNonNull(pacing, "pacing");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    if (negatives < 0 || maxUsersInFlight < 1 || lookahead < 1 || unknownItemRetries < 0) {
      throw new IllegalArgumentException("negatives >= 0, in-flight >= 1, lookahead >= 1 expected");
    }
  }

  public static ReplayOptions defaults() {
    return new ReplayOptions(Pacing.unlimited(), RankingMode.SERVE, 19, 0L, DEFAULT_IN_FLIGHT, 2_000,
        Duration.ofSeconds(60), true, 40);
  }

  public ReplayOptions withPacing(Pacing p) {
    return new ReplayOptions(p, mode, negatives, seed, maxUsersInFlight, lookahead, responseTimeout,
        publishCatalogue, unknownItemRetries);
  }

  public ReplayOptions withMode(RankingMode m) {
    return new ReplayOptions(pacing, m, negatives, seed, maxUsersInFlight, lookahead, responseTimeout,
        publishCatalogue, unknownItemRetries);
  }

  public ReplayOptions withNegatives(int n) {
    return new ReplayOptions(pacing, mode, n, seed, maxUsersInFlight, lookahead, responseTimeout, publishCatalogue,
        unknownItemRetries);
  }

  public ReplayOptions withSeed(long s) {
    return new ReplayOptions(pacing, mode, negatives, s, maxUsersInFlight, lookahead, responseTimeout,
        publishCatalogue, unknownItemRetries);
  }

  public ReplayOptions withMaxUsersInFlight(int n) {
    return new ReplayOptions(pacing, mode, negatives, seed, n, lookahead, responseTimeout,
        publishCatalogue, unknownItemRetries);
  }

  public ReplayOptions withResponseTimeout(Duration d) {
    return new ReplayOptions(pacing, mode, negatives, seed, maxUsersInFlight, lookahead, d,
        publishCatalogue, unknownItemRetries);
  }

  public ReplayOptions withPublishCatalogue(boolean b) {
    return new ReplayOptions(pacing, mode, negatives, seed, maxUsersInFlight, lookahead, responseTimeout,
        b, unknownItemRetries);
  }
}
