package io.starec.loadtest.bench;

import io.starec.avro.HistoryEntry;
import io.starec.avro.UserMemory;
import io.starec.research.dataset.Datasets;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.topology.StoreNames;
import io.starec.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A dataset replayed end to end into memory: the replay (unpaced, no simulated rankings) and the stream app run at
 * the same time; the clock runs from the first published record until the last event is reflected in the item
 * statistics (the sum of the items' counts reaches the number of ratings) and every user's last event is in that
 * user's memory.
 */
public final class Ml1mReplayBenchmark {

  /** What the replay measured. */
  public record Result(String dataset, int ratings, int users, int items, double loadSeconds,
      double publishSeconds, double seconds, double eventsPerSecond, int usersChecked, int usersWithLastEvent) {}

  private Ml1mReplayBenchmark() {}

  public static Result run(String bootstrap, String datasetName, Path dataDir, int partitions, Path workDir,
      PrintWriter log) throws Exception {
    long l0 = System.nanoTime();
    ReplayLog replay = ReplayLog.fromDataset(Datasets.load(datasetName, dataDir), ReplayLog.Selection.all());
    double loadSeconds = (System.nanoTime() - l0) / 1e9;
    log.printf("  %s: %d ratings of %d users loaded in %.1f s%n", datasetName, replay.size(),
        replay.users().size(), loadSeconds);
    String prefix = BenchSupport.runId("ml");
    String registry = "mock://" + prefix;
    Topics topics = Topics.of(prefix, partitions);
    Properties kafka = BenchSupport.kafka(bootstrap);
    BenchSupport.ensureTopics(kafka, topics);
    Map<String, Object> cfg = BenchSupport.streamApp(bootstrap, registry, prefix, partitions, prefix + "-app",
        workDir.resolve("ml-state"));
    cfg.put(StreamAppConfig.DATA_SOURCE_NAME, datasetName);
    // the last event of each user, to check memory at the end
    Map<String, String> lastEvent = new HashMap<>();
    for (int e = 0; e < replay.size(); e++) {
      lastEvent.put(replay.userId(e), replay.eventId(e));
    }
    try (StreamApp app = StreamApp.start(new StreamAppConfig(cfg));
        ItemStatsWatcher stats = new ItemStatsWatcher(kafka, BenchSupport.serde(registry),
            topics.itemStats())) {
      BenchSupport.awaitRunning(app, Duration.ofMinutes(2));
      long t0 = System.nanoTime();
      CompletableFuture<ReplayResult> published = CompletableFuture.supplyAsync(() -> {
        try {
          return new Replayer(kafka, BenchSupport.serde(registry), topics).run(replay, ReplayOptions.defaults(),
              null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
      long lastReport = System.nanoTime();
      while (stats.total() < replay.size()) {
        stats.poll(Duration.ofMillis(200));
        if (published.isCompletedExceptionally()) {
          published.join();
        }
        if (System.nanoTime() - lastReport > 15e9) {
          lastReport = System.nanoTime();
          log.printf("  ... %d of %d events in item stats after %.0f s%n", stats.total(), replay.size(),
              (lastReport - t0) / 1e9);
        }
        if (System.nanoTime() - t0 > Duration.ofMinutes(30).toNanos()) {
          throw new IllegalStateException("replay not reflected after 30 minutes: " + stats.total());
        }
      }
      long end = System.nanoTime();
      ReplayResult r = published.join();
      double publishSeconds = r.seconds();
      // every user's last event is in memory
      ReadOnlyKeyValueStore<String, UserMemory> store = app.streams().store(StoreQueryParameters
          .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore()));
      int ok = 0;
      for (Map.Entry<String, String> e : lastEvent.entrySet()) {
        UserMemory m = store.get(e.getKey());
        if (m != null && !m.getHistory().isEmpty()) {
          HistoryEntry last = m.getHistory().get(m.getHistory().size() - 1);
          if (m.getHistory().stream().anyMatch(h -> h.getEventId().equals(e.getValue()))
              || last.getEventId().equals(e.getValue())) {
            ok++;
          }
        }
      }
      double seconds = (end - t0) / 1e9;
      return new Result(datasetName, replay.size(), lastEvent.size(), replay.items().size(), loadSeconds,
          publishSeconds, seconds, replay.size() / seconds, lastEvent.size(), ok);
    }
  }
}
