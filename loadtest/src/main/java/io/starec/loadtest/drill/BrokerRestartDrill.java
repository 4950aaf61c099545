package io.starec.loadtest.drill;

import io.starec.avro.UserMemory;
import io.starec.research.dataset.DatasetItem;
import io.starec.loadtest.bench.BenchSupport;
import io.starec.loadtest.bench.ItemStatsWatcher;
import io.starec.loadtest.bench.OpenLoop;
import io.starec.loadtest.bench.RankingBenchmark;
import io.starec.pipeline.LivePipeline;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.topology.StoreNames;
import io.starec.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The broker restarted mid-run: a broker process of its own ({@code deploy/local/kafka-up.sh}), the stream app and
 * the embedded gateway in this JVM, a paced replay and a steady trickle of ranking requests. Part-way through the
 * replay the broker is stopped (controlled shutdown), stays down, and starts again on the same port and log dir.
 * The services must reconnect and finish: every event counted exactly once in the item statistics and present once
 * in its user's history, every ranking request answered, normal answers after recovery.
 */
public final class BrokerRestartDrill {

  /** Size and timing. */
  public record Settings(int users, int items, int eventsPerUser, double rate, int partitions, Duration down,
      double rankingRate) {
    public static Settings ci() {
      return new Settings(60, 150, 30, 150, 3, Duration.ofSeconds(5), 2);
    }

    public static Settings full() {
      return new Settings(300, 600, 40, 400, 3, Duration.ofSeconds(15), 2);
    }
  }

  private BrokerRestartDrill() {}

  public static DrillResult run(DrillEnv env, Settings s) throws Exception {
    DrillResult.Builder r = new DrillResult.Builder("broker-restart");
    String prefix = BenchSupport.runId("brk");
    Path work = env.workDir().resolve(prefix);
    DrillData data = DrillData.synthetic(work.resolve("data"), 4, s.users(), s.items(), s.eventsPerUser());
    int n = data.size();
    List<String> users = new ArrayList<>(data.eventsByUser.keySet());
    List<String> items = data.log.items().stream().map(DatasetItem::itemId).toList();
    r.figure("events", n).figure("replayRate", s.rate()).figure("downSeconds", s.down().toSeconds());
    try (BrokerProcess broker = new BrokerProcess(env.checkout(), work.resolve("broker"))) {
      long b0 = System.nanoTime();
      broker.start();
      r.figure("brokerStartSeconds", (System.nanoTime() - b0) / 1e9);
      String bootstrap = broker.bootstrap();
      String registry = "mock://" + prefix;
      Topics topics = Topics.of(prefix, s.partitions());
      BenchSupport.ensureTopics(BenchSupport.kafka(bootstrap), topics);
      LivePipeline.Options options = new LivePipeline.Options(bootstrap, registry, prefix).partitions(s.partitions())
          .dataset("movies", "synthetic").workDir(work.resolve("pipeline"))
          .streamSetting(StreamAppConfig.DEADLINE_CHECK_INTERVAL_MS, 100L)
          .streamSetting(StreamAppConfig.MEMORY_HISTORY_SIZE, Math.max(40, s.eventsPerUser()));
      try (LivePipeline pipeline = LivePipeline.start(options);
          ItemStatsWatcher stats = new ItemStatsWatcher(pipeline.kafka(), pipeline.serdeConfig(),
              topics.itemStats());
          RankingClient client = new RankingClient(pipeline.kafka(), pipeline.serdeConfig(), topics,
              prefix + "-drill", 40)) {
        Replayer replayer = new Replayer(pipeline.kafka(), pipeline.serdeConfig(), topics);
        replayer.publishCatalogue(data.log);
        // Given a paced replay and ranking requests under way
        AtomicLong sent = new AtomicLong();
        CompletableFuture<ReplayResult> replay = DrillData.pacedReplay(replayer, data.log, s.rate(), sent);
        Random random = new Random(13);
        Duration loadFor = Duration.ofSeconds((long) (n / s.rate()) + s.down().toSeconds() + 40);
        long deadlineMs = 3_000;
        CompletableFuture<List<OpenLoop.Outcome>> load = CompletableFuture.supplyAsync(() -> OpenLoop.run(client,
            s.rankingRate(), loadFor, (i, wall) -> RankingBenchmark.request(prefix + "-" + i,
                users.get(random.nextInt(users.size())), RankingBenchmark.randomItems(items, random), wall,
                deadlineMs), Duration.ofSeconds(150)));

        // When the broker goes down part-way and comes back on the same port and log dir
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (sent.get() < n * 2 / 5) {
          stats.poll(Duration.ofMillis(100));
          if (System.nanoTime() > deadline || replay.isDone()) {
            throw new IllegalStateException("replay did not get 40% through: " + sent.get());
          }
        }
        long processedAtStop = stats.total();
        long sentAtStop = sent.get();
        long d0 = System.nanoTime();
        broker.stop();
        long stoppedWall = System.currentTimeMillis();
        r.figure("sentAtStop", sentAtStop).figure("processedAtStop", processedAtStop)
            .figure("brokerStopSeconds", (System.nanoTime() - d0) / 1e9);
        env.log().printf("  broker stopped after %d of %d events sent (%d processed); down for %d s%n", sentAtStop,
            n, processedAtStop, s.down().toSeconds());
        Thread.sleep(s.down().toMillis());
        long u0 = System.nanoTime();
        broker.start();
        long upWall = System.currentTimeMillis();
        r.figure("brokerRestartSeconds", (System.nanoTime() - u0) / 1e9)
            .figure("brokerDownSeconds", (upWall - stoppedWall) / 1e3);

        // Then the services reconnect and finish
        ReplayResult rr = replay.join();
        boolean caughtUp = stats.awaitTotal(n, Duration.ofMinutes(5), null);
        double caughtUpAfterUp = (System.currentTimeMillis() - upWall) / 1e3;
        long total = stats.settle(Duration.ofSeconds(3));
        r.figure("replayedInteractions", rr.interactions()).figure("itemStatsTotal", total)
            .figure("caughtUpSecondsAfterBrokerUp", caughtUpAfterUp);
        r.check("replayFinished", rr.interactions() == n && !rr.stopped());
        r.check("caughtUp", caughtUp);
        r.check("itemStatsCountEveryEventExactlyOnce", total == n);
        ReadOnlyKeyValueStore<String, UserMemory> store = pipeline.streamApp().streams().store(StoreQueryParameters
            .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore()));
        int once = 0;
        for (Map.Entry<String, List<String>> e : data.eventsByUser.entrySet()) {
          UserMemory m = store.get(e.getKey());
          if (m != null && KillDrill.exactlyOnce(m.getHistory().stream().map(h -> h.getEventId()).toList(),
              e.getValue())) {
            once++;
          }
        }
        r.figure("usersWithEveryEventExactlyOnce", once).figure("users", data.eventsByUser.size());
        r.check("everyEventInHistoryExactlyOnce", once == data.eventsByUser.size());

        List<OpenLoop.Outcome> outcomes = load.join();
        int planned = (int) Math.round(s.rankingRate() * loadFor.toNanos() / 1e9);
        long answered = outcomes.stream().filter(OpenLoop.Outcome::answered).count();
        long degraded = outcomes.stream().filter(OpenLoop.Outcome::degraded).count();
        long firstNormal = outcomes.stream().filter(o -> o.answered() && !o.degraded() && o.doneWallMs() > upWall)
            .mapToLong(OpenLoop.Outcome::doneWallMs).min().orElse(Long.MAX_VALUE);
        List<OpenLoop.Outcome> late = outcomes.stream()
            .filter(o -> firstNormal != Long.MAX_VALUE && o.intendedWallMs() >= firstNormal + 2_000).toList();
        long normalLate = late.stream().filter(o -> o.answered() && !o.degraded() && !o.errorResponse()).count();
        r.figure("rankingRequests", planned).figure("rankingAnswered", answered).figure("rankingDegraded", degraded)
            .figure("secondsFromBrokerUpToFirstNormalAnswer",
                firstNormal == Long.MAX_VALUE ? -1.0 : (firstNormal - upWall) / 1e3)
            .figure("requestsAfterRecovery", late.size()).figure("normalAfterRecovery", normalLate);
        r.check("everyRankingRequestAnswered", answered == planned);
        r.check("normalAnswersAfterRecovery", !late.isEmpty() && normalLate == late.size());
        r.check("streamAppRunning", pipeline.streamApp().streams().state() == KafkaStreams.State.RUNNING);
        r.check("gatewayRunning", pipeline.gateway().isRunning());
      }
    }
    r.note("broker: deploy/local/kafka-up.sh / kafka-down.sh (SIGTERM, controlled shutdown) on free ports; the "
        + "stream app, gateway, replay producer and ranking client in this JVM keep their clients across the restart");
    return r.build();
  }
}
