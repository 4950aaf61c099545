package io.starec.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code starec loadtest} measures and how big.
 *
 * @param bootstrap an external broker, or null for an in-JVM one (the same broker for every part either way)
 * @param events interactions of the ingest comparison (reference and ours)
 * @param repeats runs of reference and ingest each, alternating; the best of each is compared
 * @param rates offered ranking rates (requests/s), each for {@code perRate}
 * @param ml1mDir the ML-1M folder, or null to skip the dataset replay
 */
public record LoadtestOptions(String bootstrap, int events, int users, int items, int partitions, int repeats,
    List<Double> rates, Duration perRate, long deadlineMs, int rankingUsers, int rankingItems, Path ml1mDir,
    Path outDir) {

  public static final Path DEFAULT_ML1M = Path.of("..", "shared", "data", "ml-1m");

  /** The full run of BENCHMARKS.md. */
  public static LoadtestOptions full(Path outDir) {
    return new LoadtestOptions(null, 300_000, 2_000, 3_000, 4, 3,
        List.of(10.0, 40.0, 160.0, 320.0, 640.0, 960.0, 1280.0), Duration.ofSeconds(30), 5_000, 300, 600,
        DEFAULT_ML1M, outDir);
  }

  /** CI scale: small ingest, two short rates, no dataset replay. */
  public static LoadtestOptions quick(Path outDir) {
    return new LoadtestOptions(null, 10_000, 500, 1_000, 4, 1, List.of(5.0, 10.0), Duration.ofSeconds(5), 5_000,
        60, 200, null, outDir);
  }

  public LoadtestOptions withBootstrap(String b) {
    return new LoadtestOptions(b, events, users, items, partitions, repeats, rates, perRate, deadlineMs,
        rankingUsers, rankingItems, ml1mDir, outDir);
  }

  public LoadtestOptions withIngest(int e, int u, int i, int p, int r) {
    return new LoadtestOptions(bootstrap, e, u, i, p, r, rates, perRate, deadlineMs, rankingUsers, rankingItems,
        ml1mDir, outDir);
  }

  public LoadtestOptions withRates(List<Double> r, Duration each) {
    return new LoadtestOptions(bootstrap, events, users, items, partitions, repeats, List.copyOf(r), each,
        deadlineMs, rankingUsers, rankingItems, ml1mDir, outDir);
  }

  public LoadtestOptions withMl1m(Path dir) {
    return new LoadtestOptions(bootstrap, events, users, items, partitions, repeats, rates, perRate, deadlineMs,
        rankingUsers, rankingItems, dir, outDir);
  }
}
