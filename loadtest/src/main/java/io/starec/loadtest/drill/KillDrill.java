package io.starec.loadtest.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.avro.UserMemory;
import io.starec.loadtest.bench.BenchSupport;
import io.starec.loadtest.bench.ItemStatsWatcher;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.schemas.json.AvroJson;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.http.MemoryViews;
import io.starec.streamapp.topology.StoreNames;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * kill -9 of a stream-app process during a replay, then a restart on the same state dir: every user's memory must
 * equal that of an uninterrupted run over the same log (a fresh application id in this JVM, its own item-stats
 * topic), each event id must be in its user's history exactly once, and the item statistics must count every event
 * exactly once.
 */
public final class KillDrill {

  /** Size: users x eventsPerUser events replayed at {@code rate} events/s. */
  public record Settings(int users, int items, int eventsPerUser, double rate, int partitions) {
    public static Settings ci() {
      return new Settings(100, 150, 30, 300, 4);
    }

    public static Settings full() {
      return new Settings(1_000, 1_000, 40, 1_500, 4);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private KillDrill() {}

  public static DrillResult run(DrillEnv env, Settings s) throws Exception {
    DrillResult.Builder r = new DrillResult.Builder("kill-stream-app");
    String prefix = BenchSupport.runId("kill");
    Path work = env.workDir().resolve(prefix);
    DrillData data = DrillData.synthetic(work.resolve("data"), 3, s.users(), s.items(), s.eventsPerUser());
    int n = data.size();
    r.figure("events", n).figure("users", s.users()).figure("replayRate", s.rate());
    RegistryServer ownRegistry = env.httpRegistry() ? null : new RegistryServer(prefix);
    String registry = env.httpRegistry() ? env.registryUrl() : ownRegistry.url();
    Topics topics = Topics.of(prefix, s.partitions());
    Properties kafka = BenchSupport.kafka(env.bootstrap());
    Map<String, Object> serde = BenchSupport.serde(registry);
    try {
      BenchSupport.ensureTopics(kafka, topics);
      Replayer replayer = new Replayer(kafka, serde, topics);
      replayer.publishCatalogue(data.log);

      Map<String, Object> cfg = BenchSupport.streamApp(env.bootstrap(), registry, prefix, s.partitions(),
          prefix + "-app", work.resolve("state"));
      cfg.put(StreamAppConfig.MEMORY_HISTORY_SIZE, Integer.toString(Math.max(40, s.eventsPerUser())));
      cfg.put("streams.session.timeout.ms", "6000");
      cfg.put("streams.heartbeat.interval.ms", "1000");
      Path childLog = work.resolve("stream-app.log");

      // Given a stream app process working through a paced replay
      ChildStreamApp first = ChildStreamApp.start(cfg, childLog, Duration.ofMinutes(2));
      ChildStreamApp second = null;
      try (ItemStatsWatcher stats = new ItemStatsWatcher(kafka, serde, topics.itemStats())) {
        if (!first.awaitRunning(Duration.ofMinutes(2))) {
          throw new IllegalStateException("child stream app not RUNNING; see " + childLog);
        }
        r.figure("childPid", first.pid());
        AtomicLong sent = new AtomicLong();
        CompletableFuture<ReplayResult> replay = DrillData.pacedReplay(replayer, data.log, s.rate(), sent);
        // When it is killed -9 half-way, with events processed and more arriving
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (sent.get() < n / 2 || stats.total() == 0) {
          stats.poll(Duration.ofMillis(100));
          if (System.nanoTime() > deadline || replay.isDone()) {
            throw new IllegalStateException("replay did not reach half-way with events processed (sent "
                + sent.get() + ", processed " + stats.total() + ")");
          }
        }
        long processedAtKill = stats.total();
        long sentAtKill = sent.get();
        first.kill();
        long killedAt = System.nanoTime();
        r.figure("sentAtKill", sentAtKill).figure("processedAtKill", processedAtKill);
        env.log().printf("  killed pid %d (kill -9) after %d of %d events sent, %d processed%n", first.pid(),
            sentAtKill, n, processedAtKill);

        // and restarted on the same state dir
        second = ChildStreamApp.start(cfg, childLog, Duration.ofMinutes(2));
        double toProcess = (System.nanoTime() - killedAt) / 1e9;
        if (!second.awaitRunning(Duration.ofMinutes(3))) {
          throw new IllegalStateException("restarted stream app not RUNNING; see " + childLog);
        }
        double toRunning = (System.nanoTime() - killedAt) / 1e9;
        replay.join();
        double replayDone = (System.nanoTime() - killedAt) / 1e9;
        boolean caughtUp = stats.awaitTotal(n, Duration.ofMinutes(5), null);
        double toCaughtUp = (System.nanoTime() - killedAt) / 1e9;
        long total = stats.settle(Duration.ofSeconds(3));
        r.figure("restartProcessReadySeconds", toProcess).figure("restartRunningSeconds", toRunning)
            .figure("replayFinishedSecondsAfterKill", replayDone).figure("caughtUpSecondsAfterKill", toCaughtUp)
            .figure("itemStatsTotal", total);
        r.check("caughtUp", caughtUp);
        r.check("itemStatsCountEveryEventExactlyOnce", total == n);

        // Then the memories equal those of an uninterrupted run over the same log
        Map<String, String> crashed = new TreeMap<>();
        for (String user : data.eventsByUser.keySet()) {
          crashed.put(user, second.memoryJson(user));
        }
        Map<String, Object> controlCfg = BenchSupport.streamApp(env.bootstrap(), registry, prefix, s.partitions(),
            prefix + "-control", work.resolve("control-state"));
        controlCfg.put(StreamAppConfig.MEMORY_HISTORY_SIZE, cfg.get(StreamAppConfig.MEMORY_HISTORY_SIZE));
        controlCfg.put(StreamAppConfig.ITEM_STATS_TOPIC, prefix + ".item-stats-control");
        int identical = 0;
        String firstMismatch = null;
        int exactlyOnce = 0;
        Map<String, Long> controlCounts;
        try (StreamApp control = StreamApp.start(new StreamAppConfig(controlCfg));
            ItemStatsWatcher controlStats = new ItemStatsWatcher(kafka, serde,
                topics.itemStats().withName(prefix + ".item-stats-control"))) {
          BenchSupport.awaitRunning(control, Duration.ofMinutes(2));
          if (!controlStats.awaitTotal(n, Duration.ofMinutes(5), null)) {
            throw new IllegalStateException("control run incomplete: " + controlStats.total() + " of " + n);
          }
          controlStats.settle(Duration.ofSeconds(1));
          controlCounts = controlStats.counts();
          ReadOnlyKeyValueStore<String, UserMemory> store = control.streams().store(StoreQueryParameters
              .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore()));
          for (Map.Entry<String, String> e : crashed.entrySet()) {
            UserMemory expected = store.get(e.getKey());
            String want = expected == null ? null : AvroJson.write(MemoryViews.FULL.render(expected));
            if (want != null && Objects.equals(want, e.getValue())) {
              identical++;
            } else if (identical == 0 && firstMismatch == null) {
              firstMismatch = e.getKey() + "\n  uninterrupted: " + want + "\n  restarted:     " + e.getValue();
            }
            if (exactlyOnce(historyEventIds(e.getValue()), data.eventsByUser.get(e.getKey()))) {
              exactlyOnce++;
            }
          }
        }
        if (firstMismatch != null) {
          env.log().println("  first memory that differs from the uninterrupted run: user " + firstMismatch);
        }
        r.figure("usersCompared", crashed.size()).figure("usersIdentical", identical)
            .figure("usersWithEveryEventExactlyOnce", exactlyOnce);
        r.check("everyMemoryEqualsUninterruptedRun", identical == crashed.size());
        r.check("everyEventInHistoryExactlyOnce", exactlyOnce == crashed.size());
        r.check("itemCountsEqualUninterruptedRun", controlCounts.equals(stats.counts()));
      } finally {
        first.close();
        if (second != null) {
          second.close();
        }
      }
    } finally {
      if (ownRegistry != null) {
        ownRegistry.close();
      }
    }
    r.note("child: java " + StreamAppMain.class.getName() + " on this JVM's classpath, own state dir; killed with "
        + "Process.destroyForcibly() (SIGKILL); restarted with the same application id and state dir");
    return r.build();
  }

  /** The history holds exactly the user's events, each once. */
  static boolean exactlyOnce(List<String> history, List<String> eventIds) {
    Set<String> seen = new HashSet<>();
    for (String id : history) {
      if (!seen.add(id)) {
        return false;
      }
    }
    return seen.equals(new HashSet<>(eventIds));
  }

  /** The event ids of a memory's history, from its JSON (the HTTP API's rendering); empty when absent. */
  static List<String> historyEventIds(String memoryJson) {
    List<String> ids = new ArrayList<>();
    if (memoryJson == null) {
      return ids;
    }
    try {
      for (JsonNode h : JSON.readTree(memoryJson).path("history")) {
        ids.add(h.path("eventId").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("memory is not JSON: " + memoryJson, e);
    }
    return ids;
  }
}
