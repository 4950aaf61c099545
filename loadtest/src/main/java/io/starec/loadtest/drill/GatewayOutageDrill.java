package io.starec.loadtest.drill;

import io.starec.avro.InferenceResult;
import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.research.dataset.DatasetItem;
import io.starec.gateway.service.Backends;
import io.starec.gateway.service.GatewayConfig;
import io.starec.gateway.service.GatewayService;
import io.starec.loadtest.bench.BenchSupport;
import io.starec.loadtest.bench.ItemStatsWatcher;
import io.starec.loadtest.bench.OpenLoop;
import io.starec.loadtest.bench.RankingBenchmark;
import io.starec.pipeline.LivePipeline;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayOptions;
import io.starec.replay.Replayer;
import io.starec.streamapp.StreamAppConfig;
import io.starec.topics.Topic;
import io.starec.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The inference gateway down under load: ranking requests arrive open loop at a fixed rate while the gateway (the
 * embedded policy, in this JVM) is killed abruptly (no final commit, like a crash), stays down, and a new instance
 * starts in the same consumer group. Every request must be answered by its deadline (degraded and flagged while
 * the gateway is down, by the stream app's deadline punctuator), no inference task may be lost (each gets a
 * result, late ones included), and answers after recovery must be normal again.
 */
public final class GatewayOutageDrill {

  /** Load and timing: {@code rate} requests/s; phases before, during and after the outage. */
  public record Settings(double rate, Duration before, Duration outage, Duration after, long deadlineMs,
      long slackMs, int partitions) {
    public static Settings ci() {
      return new Settings(4, Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(20), 2_000, 1_000, 3);
    }

    public static Settings full() {
      return new Settings(5, Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(30), 2_000, 1_000,
          3);
    }
  }

  private GatewayOutageDrill() {}

  public static DrillResult run(DrillEnv env, Settings s) throws Exception {
    DrillResult.Builder r = new DrillResult.Builder("gateway-outage");
    String prefix = BenchSupport.runId("outage");
    String registry = env.httpRegistry() ? env.registryUrl() : "mock://" + prefix;
    Path work = env.workDir().resolve(prefix);
    DrillData data = DrillData.synthetic(work.resolve("data"), 5, 60, 200, 15);
    List<String> users = new ArrayList<>(data.eventsByUser.keySet());
    List<String> items = data.log.items().stream().map(DatasetItem::itemId).toList();
    Topics topics = Topics.of(prefix, s.partitions());
    BenchSupport.ensureTopics(BenchSupport.kafka(env.bootstrap()), topics);
    LivePipeline.Options options = new LivePipeline.Options(env.bootstrap(), registry, prefix)
        .partitions(s.partitions()).dataset("movies", "synthetic").workDir(work.resolve("pipeline"))
        .streamSetting(StreamAppConfig.DEADLINE_CHECK_INTERVAL_MS, 100L);
    r.figure("offeredRate", s.rate()).figure("deadlineMs", s.deadlineMs())
        .figure("outageSeconds", s.outage().toSeconds());
    GatewayService restarted = null;
    try (LivePipeline pipeline = LivePipeline.start(options)) {
      // Given users with history and a warm gateway
      new Replayer(pipeline.kafka(), pipeline.serdeConfig(), topics).run(data.log, ReplayOptions.defaults(), null);
      try (ItemStatsWatcher stats = new ItemStatsWatcher(pipeline.kafka(), pipeline.serdeConfig(),
          topics.itemStats())) {
        stats.awaitTotal(data.size(), Duration.ofMinutes(3), null);
      }
      try (RankingClient client = new RankingClient(pipeline.kafka(), pipeline.serdeConfig(), topics,
          prefix + "-drill", 40)) {
        OpenLoop.run(client, 4, Duration.ofSeconds((items.size() / 20 + 3) / 4 + 1),
            (i, wall) -> RankingBenchmark.request(prefix + "-warm-" + i, users.get(i % users.size()),
                RankingBenchmark.sequential(items, i), wall,
                30_000), Duration.ofSeconds(60));

        // When requests arrive at a steady rate and the gateway dies for a while
        Random random = new Random(9);
        Duration total = s.before().plus(s.outage()).plus(s.after());
        CompletableFuture<List<OpenLoop.Outcome>> load = CompletableFuture.supplyAsync(() -> OpenLoop.run(client,
            s.rate(), total, (i, wall) -> RankingBenchmark.request(prefix + "-" + i,
                users.get(random.nextInt(users.size())), RankingBenchmark.randomItems(items, random), wall,
                s.deadlineMs()), Duration.ofMillis(s.deadlineMs() + 20_000)));
        Thread.sleep(s.before().toMillis());
        long killedWall = System.currentTimeMillis();
        pipeline.gateway().kill();
        env.log().printf("  gateway killed; down for %d s%n", s.outage().toSeconds());
        Thread.sleep(s.outage().toMillis());
        long restartWall = System.currentTimeMillis();
        GatewayConfig cfg = gatewayConfig(env.bootstrap(), registry, prefix, s.partitions());
        restarted = new GatewayService(cfg, Backends.create(cfg)).start();
        long restartedWall = System.currentTimeMillis();
        env.log().printf("  gateway restarted in %d ms%n", restartedWall - restartWall);
        List<OpenLoop.Outcome> outcomes = load.join();

        // Then every request was answered by its deadline
        int planned = (int) Math.round(s.rate() * total.toNanos() / 1e9);
        long answered = outcomes.stream().filter(OpenLoop.Outcome::answered).count();
        long maxLate = outcomes.stream().filter(OpenLoop.Outcome::answered).mapToLong(OpenLoop.Outcome::lateMs)
            .max().orElse(Long.MAX_VALUE);
        long late = outcomes.stream().filter(o -> o.answered() && o.lateMs() > 0).count();
        r.figure("requests", planned).figure("answered", answered).figure("answeredAfterDeadline", late)
            .figure("maxMsPastDeadline", maxLate).figure("slackMs", s.slackMs());
        r.check("everyRequestAnswered", answered == planned);
        r.check("everyAnswerByDeadlinePlusSlack", maxLate <= s.slackMs());

        // degraded and flagged while down
        List<OpenLoop.Outcome> during = outcomes.stream()
            .filter(o -> o.intendedWallMs() >= killedWall && o.deadlineMs() <= restartWall).toList();
        long degradedDuring = during.stream().filter(OpenLoop.Outcome::degraded).count();
        List<OpenLoop.Outcome> beforeKill = outcomes.stream()
            .filter(o -> o.deadlineMs() < killedWall).toList();
        r.figure("requestsBeforeOutage", beforeKill.size())
            .figure("degradedBeforeOutage", beforeKill.stream().filter(OpenLoop.Outcome::degraded).count())
            .figure("requestsWithinOutage", during.size()).figure("degradedWithinOutage", degradedDuring);
        r.check("answersWithinOutageDegradedAndFlagged", !during.isEmpty() && degradedDuring == during.size());

        // normal after recovery
        long recovered = outcomes.stream().filter(o -> o.answered() && !o.degraded() && o.doneWallMs() > restartWall)
            .mapToLong(OpenLoop.Outcome::doneWallMs).min().orElse(Long.MAX_VALUE);
        List<OpenLoop.Outcome> afterRecovery = outcomes.stream()
            .filter(o -> o.intendedWallMs() >= recovered + 1_000).toList();
        long normalAfter = afterRecovery.stream().filter(o -> o.answered() && !o.degraded() && !o.errorResponse())
            .count();
        r.figure("secondsFromRestartToFirstNormalAnswer",
            recovered == Long.MAX_VALUE ? -1.0 : (recovered - restartWall) / 1e3)
            .figure("gatewayStartMs", restartedWall - restartWall)
            .figure("requestsAfterRecovery", afterRecovery.size()).figure("normalAfterRecovery", normalAfter);
        r.check("normalAnswersAfterRecovery", !afterRecovery.isEmpty() && normalAfter == afterRecovery.size());

        // and no task was lost: every RANK task got a result (late ones are dropped by the stream app, counted)
        Set<String> tasks = taskIds(pipeline, topics.inferenceRequests(),
            t -> t.getKind() == TaskKind.RANK ? t.getTaskId() : null);
        Set<String> results = new HashSet<>();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!results.containsAll(tasks) && System.nanoTime() < end) {
          results = taskIds(pipeline, topics.inferenceResults(), InferenceResult::getTaskId);
        }
        Set<String> missing = new LinkedHashSet<>(tasks);
        missing.removeAll(results);
        r.figure("rankTasks", tasks.size()).figure("tasksWithoutResult", missing.size())
            .figure("staleResultsDroppedByStreamApp", pipeline.metrics().total("starec.stream.results.dropped"))
            .figure("degradedAnswersByReason", degradedByReason(pipeline));
        r.check("noTaskLost", missing.isEmpty());
      }
    } finally {
      if (restarted != null) {
        restarted.close();
      }
    }
    r.note("gateway killed with GatewayService.kill() (workers and producer stopped at once, no final commit), "
        + "a new GatewayService in the same consumer group started after the outage");
    return r.build();
  }

  static GatewayConfig gatewayConfig(String bootstrap, String registry, String prefix, int partitions) {
    // as LivePipeline configures its gateway, so the new instance joins the same group
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(StarecConfig.BOOTSTRAP_SERVERS, bootstrap);
    m.put(StarecConfig.SCHEMA_REGISTRY_URL, registry);
    m.put(StarecConfig.TOPIC_PREFIX, prefix);
    m.put(StarecConfig.TOPIC_PARTITIONS, partitions);
    m.put(StarecConfig.HTTP_BIND_ADDRESS, "127.0.0.1");
    m.put(StarecConfig.HTTP_PORT, 0);
    m.put(GatewayConfig.BACKEND, "embedded");
    m.put(GatewayConfig.GROUP_ID, prefix + "-gateway");
    return new GatewayConfig(m);
  }

  private static Map<String, Double> degradedByReason(LivePipeline pipeline) {
    Map<String, Double> m = new LinkedHashMap<>();
    pipeline.metrics().registry().find("starec.stream.degraded").counters()
        .forEach(c -> m.put(c.getId().getTag("reason"), c.count()));
    return m;
  }

  /** The task id of every record of {@code topic} that {@code taskId} gives one (null = skip). */
  private static <V> Set<String> taskIds(LivePipeline pipeline, Topic<String, V> topic, Function<V, String> taskId) {
    Deserializer<V> values = topic.valueSerde(pipeline.serdeConfig()).deserializer();
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> rec : TopicReader.read(pipeline.kafka(), topic.name(),
        Duration.ofSeconds(5), Duration.ofSeconds(60), x -> false)) {
      if (rec.value() == null) {
        continue;
      }
      String id = taskId.apply(values.deserialize(topic.name(), rec.value()));
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }
}
