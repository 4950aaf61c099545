package io.starec.loadtest.bench;

import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.pipeline.LivePipeline;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.Replayer;
import io.starec.streamapp.StreamAppConfig;
import io.starec.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Ranking round trips through the whole loop (client -> ranking.requests -> stream app -> inference.requests ->
 * gateway with the embedded CPU policy -> inference.results -> stream app -> ranking.responses -> client) at fixed
 * offered rates, open loop ({@link OpenLoop}). Users have 20 synthetic interactions of history each, candidates are
 * 20 random catalogue items; the embedding cache is warmed on every item first.
 */
public final class RankingBenchmark {

  /** Settings of the ranking part. */
  public record Settings(List<Double> rates, Duration perRate, long deadlineMs, int partitions, int users,
      int items) {}

  /** The stats of every rate plus the saturation point (the first saturated rate, or null). */
  public record Result(List<LatencyStats> rates, Double saturatedAt, long deadlineMs, int users, int items,
      int historyPerUser, double setupSeconds) {}

  private static final int HISTORY = 20;
  private static final int CANDIDATES = 20;

  private RankingBenchmark() {}

  public static Result run(String bootstrap, Settings s, Path workDir, PrintWriter log) throws Exception {
    long t0 = System.nanoTime();
    String prefix = BenchSupport.runId("rank");
    String registry = "mock://" + prefix;
    Path data = workDir.resolve("ranking-data");
    SyntheticMovieLens.write(data, 7, s.users(), s.items(), HISTORY);
    ReplayLog replay = ReplayLog.fromDataset(Datasets.load("synthetic", data), ReplayLog.Selection.all());
    List<String> users = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int e = 0; e < replay.size(); e++) {
      seen.add(replay.userId(e));
    }
    users.addAll(seen);
    List<String> items = replay.items().stream().map(DatasetItem::itemId).toList();

    LivePipeline.Options options = new LivePipeline.Options(bootstrap, registry, prefix).partitions(s.partitions())
        .dataset("movies", "synthetic").workDir(workDir.resolve("ranking-pipeline"))
        .streamSetting(StreamAppConfig.DEADLINE_CHECK_INTERVAL_MS, 100L);
    BenchSupport.ensureTopics(BenchSupport.kafka(bootstrap), Topics.of(prefix, s.partitions()));
    try (LivePipeline pipeline = LivePipeline.start(options)) {
      // Given every user's history in memory
      new Replayer(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics()).run(replay,
          ReplayOptions.defaults(), null);
      try (ItemStatsWatcher stats = new ItemStatsWatcher(pipeline.kafka(), pipeline.serdeConfig(),
          pipeline.topics().itemStats())) {
        if (!stats.awaitTotal(replay.size(), Duration.ofMinutes(5), null)) {
          throw new IllegalStateException("history not ingested: " + stats.total() + " of " + replay.size());
        }
      }
      try (RankingClient client = new RankingClient(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics(),
          prefix + "-bench", 40)) {
        // and every item embedded once (the gateway caches item vectors), not measured
        int warm = (items.size() + CANDIDATES - 1) / CANDIDATES;
        List<OpenLoop.Outcome> warmup = OpenLoop.run(client, 4, Duration.ofMillis(Math.round(warm * 250.0)),
            (i, wall) -> request(prefix + "-warm-" + i, users.get(i % users.size()), sequential(items, i), wall,
                60_000), Duration.ofSeconds(90));
        log.printf("  ranking warm-up: %d requests, %d answered%n", warmup.size(),
            warmup.stream().filter(OpenLoop.Outcome::answered).count());
        double setup = (System.nanoTime() - t0) / 1e9;

        List<LatencyStats> out = new ArrayList<>();
        Double saturatedAt = null;
        Random random = new Random(42);
        for (double rate : s.rates()) {
          String tag = prefix + "-" + (int) Math.round(rate * 100);
          int planned = (int) Math.round(rate * s.perRate().toNanos() / 1e9);
          List<OpenLoop.Outcome> outcomes = OpenLoop.run(client, rate, s.perRate(),
              (i, wall) -> request(tag + "-" + i, users.get(random.nextInt(users.size())),
                  randomItems(items, random), wall, s.deadlineMs()),
              Duration.ofMillis(s.deadlineMs() + 10_000));
          LatencyStats st = LatencyStats.of(rate, s.perRate().toNanos() / 1e9, outcomes, planned);
          out.add(st);
          boolean saturated = st.saturated(s.deadlineMs());
          log.printf("  %.1f req/s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms, %d/%d answered, %d degraded,"
                  + " %.1f answers/s%s%n", rate, st.p50Ms(), st.p95Ms(), st.p99Ms(), st.maxMs(), st.answered(),
              st.sent(), st.degraded(), st.achievedPerSecond(), saturated ? "  (saturated)" : "");
          if (saturated && saturatedAt == null) {
            saturatedAt = rate;
          }
          BenchSupport.sleep(2_000); // let queues drain before the next rate
        }
        return new Result(out, saturatedAt, s.deadlineMs(), users.size(), items.size(), HISTORY, setup);
      }
    }
  }

  /** A SERVE request due at {@code wallMs} with a deadline {@code deadlineMs} later. */
  public static RankingRequest request(String id, String user, List<String> candidates, long wallMs, long deadlineMs) {
    return RankingRequest.newBuilder().setRequestId(id).setUserId(user).setCandidateItemIds(candidates)
        .setDeadlineMs(wallMs + deadlineMs).setMode(RankingMode.SERVE).setReplyTo(null).setTimestampMs(wallMs)
        .build();
  }

  /** Candidates i*20 .. i*20+19 (wrapping): the warm-up touches every item. */
  public static List<String> sequential(List<String> items, int i) {
    List<String> c = new ArrayList<>(CANDIDATES);
    for (int k = 0; k < CANDIDATES; k++) {
      c.add(items.get((i * CANDIDATES + k) % items.size()));
    }
    return c;
  }

  /** 20 distinct random items. */
  public static List<String> randomItems(List<String> items, Random random) {
    Set<String> c = new LinkedHashSet<>();
    while (c.size() < Math.min(CANDIDATES, items.size())) {
      c.add(items.get(random.nextInt(items.size())));
    }
    return new ArrayList<>(c);
  }
}
