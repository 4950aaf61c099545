package io.starec.pipeline.demo;

import io.starec.core.metric.Cutoffs;
import io.starec.localkafka.EmbeddedKafkaBroker;
import io.starec.localkafka.LocalKafka;
import io.starec.pipeline.LivePipeline;
import io.starec.replay.Pacing;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code starec demo}: the whole system in one JVM. An in-JVM KRaft broker, a mock:// schema registry, the stream
 * app and the inference gateway with the embedded CPU policy (plus whatever extra services the caller starts, e.g.
 * the trainer bridge); then a dataset is replayed (a seeded synthetic MovieLens-format one when no folder is
 * given), a share of its interactions preceded by the ranking request of the paper's training loop (so predictions
 * meet feedback: reflections and rewards), while live ranking requests arrive alongside. A compact line every few
 * seconds; a summary at the end (after the duration, or on {@link #stop()}).
 */
public final class Demo {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  /** What to run. */
  public static final class Options {
    Path dataDir;
    String dataset;
    Duration duration = Duration.ofSeconds(60);
    Path logDir;
    int users;
    Pacing pacing = Pacing.unlimited();
    double simulateFraction = 0.1;
    int inFlight = 16;
    double liveRate = 2.0;
    double exploreFraction = 0.2;
    Duration lineEvery = Duration.ofSeconds(5);
    long seed = 42;
    boolean reflection = true;
    String bootstrap;
    int[] synthetic = {400, 500, 50};
    boolean trainer = true;

    /** @param logDir where logs, the synthetic dataset and the summary go (created) */
    public Options(Path logDir) {
      this.logDir = Objects.requireNonNull(logDir, "logDir");
    }

    /** A dataset folder; null = the synthetic dataset. {@code name} null = guessed from the files. */
    public Options data(Path dir, String name) {
      this.dataDir = dir;
      this.dataset = name;
      return this;
    }

    public Options duration(Duration d) {
      this.duration = d;
      return this;
    }

    public Options users(int n) {
      this.users = n;
      return this;
    }

    public Options pacing(Pacing p) {
      this.pacing = p;
      return this;
    }

    /** Share of replayed interactions preceded by a simulated ranking request (0..1). */
    public Options simulateFraction(double f) {
      this.simulateFraction = f;
      return this;
    }

    public Options inFlight(int n) {
      this.inFlight = n;
      return this;
    }

    /** Live ranking requests per second (0 = none). */
    public Options liveRate(double perSecond) {
      this.liveRate = perSecond;
      return this;
    }

    /** Share of rankings also explored (G sampled rollouts: GRPO groups for the learner). */
    public Options exploreFraction(double f) {
      this.exploreFraction = f;
      return this;
    }

    public Options lineEvery(Duration d) {
      this.lineEvery = d;
      return this;
    }

    public Options seed(long s) {
      this.seed = s;
      return this;
    }

    public Options reflection(boolean enabled) {
      this.reflection = enabled;
      return this;
    }

    /** An existing broker instead of the in-JVM one (tests). */
    public Options broker(String bootstrapServers) {
      this.bootstrap = bootstrapServers;
      return this;
    }

    /** Size of the synthetic dataset used without a data folder. */
    public Options synthetic(int users, int items, int ratingsPerUser) {
      this.synthetic = new int[] {users, items, ratingsPerUser};
      return this;
    }

    /** False: no trainer bridge (no GRPO learner, no exports). */
    public Options trainer(boolean enabled) {
      this.trainer = enabled;
      return this;
    }
  }

  /** The numbers of a finished demo. */
  public record Summary(double seconds, long interactions, long rankings, long liveRankings, long degraded,
      long errors, long unanswered, long parseFailures, long p50Micros, long p99Micros, double reflectionsApplied,
      long rewardRecords, long resolved, double[] ndcgPercent, boolean replayFinished) {}

  private final Options options;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile String stopReason = "duration";

  public Demo(Options options) {
    this.options = options;
  }

  /** Ends the demo early (Ctrl-C); the summary is still printed. */
  public void stop() {
    stopReason = "stopped";
    stopSignal.countDown();
  }

  /** Waits until {@link #run} has printed its summary and shut everything down. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the demo, printing to {@code out}; returns its summary. */
  public Summary run(PrintWriter out) throws Exception {
    try {
      return doRun(out);
    } finally {
      finished.countDown();
    }
  }

  private Summary doRun(PrintWriter out) throws Exception {
    Files.createDirectories(options.logDir);
    long t0 = System.nanoTime();
    Dataset data = dataset(out);
    ReplayLog log = ReplayLog.fromDataset(data, new ReplayLog.Selection(options.users, null, null))
        .simulateFraction(options.simulateFraction, options.seed);
    long[] span = log.span();
    out.printf(Locale.ROOT, "dataset %s: %,d interactions of %,d users, %,d items, %s .. %s; %,d with a simulated "
            + "ranking request (%.0f%%)%n", data.name(), log.size(), log.users().size(), log.items().size(),
        Instant.ofEpochMilli(span[0]).toString().substring(0, 10), Instant.ofEpochMilli(span[1]).toString()
            .substring(0, 10), log.simulatedCount(), 100 * options.simulateFraction);
    out.flush();
    EmbeddedKafkaBroker broker = options.bootstrap == null ? LocalKafka.start() : null;
    String bootstrap = broker != null ? broker.bootstrapServers() : options.bootstrap;
    DemoStats stats = new DemoStats();
    ScheduledExecutorService lines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "starec-demo-line");
      t.setDaemon(true);
      return t;
    });
    try {
      String registry = "mock://demo-" + UUID.randomUUID().toString().substring(0, 8);
      String prefix = options.bootstrap == null ? "demo" : "demo-" + UUID.randomUUID().toString().substring(0, 8);
      out.printf(Locale.ROOT, "kafka broker %s ready (%.1f s); starting stream app and gateway (embedded policy)%n",
          bootstrap, (System.nanoTime() - t0) / 1e9);
      out.flush();
      LivePipeline.Options po = new LivePipeline.Options(bootstrap, registry, prefix)
          .dataset(data.name().startsWith("cds") ? "music" : "movies", data.name().replace('/', '-'))
          .reflection(options.reflection).workDir(options.logDir.resolve("work"))
          .streamSetting(io.starec.streamapp.StreamAppConfig.EXPLORE_FRACTION, options.exploreFraction);
      if (options.trainer) {
        po.trainer(options.logDir.resolve("trainer"));
      }
      try (LivePipeline pipeline = LivePipeline.start(po)) {
        out.printf(Locale.ROOT, "pipeline up in %.1f s: stream app (HTTP %d), gateway (HTTP %d), registry %s, "
                + "topics %s.*%n", (System.nanoTime() - t0) / 1e9, pipeline.streamApp().httpPort(),
            pipeline.gateway().httpPort(), registry, prefix);
        out.printf(Locale.ROOT, "replaying for %d s (%s, %d users in flight), %.1f live requests/s; Ctrl-C ends "
            + "early%n", options.duration.toSeconds(), options.pacing, options.inFlight, options.liveRate);
        out.flush();
        return live(out, pipeline, log, stats, lines);
      }
    } finally {
      lines.shutdownNow();
      stats.close();
      if (broker != null) {
        broker.stop();
      }
      deleteQuietly(options.logDir.resolve("work")); // Kafka Streams state: worthless once the demo ends
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("{} not fully deleted: {}", dir, e.toString());
    }
  }

  private Summary live(PrintWriter out, LivePipeline pipeline, ReplayLog log, DemoStats stats,
      ScheduledExecutorService lines) throws Exception {
    stats.followRewards(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics());
    Duration timeout = Duration.ofSeconds(30);
    try (RankingClient client = new RankingClient(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics(),
        "starec-demo", 40)) {
      Replayer replayer = new Replayer(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics());
      java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(
          log.size() > 0 ? log.eventTime(0) : System.currentTimeMillis());
      java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
      ReplayListener listener = new ReplayListener() {
        @Override
        public void interaction(int event, long eventTimeMs) {
          stats.interactions.incrementAndGet();
          clock.accumulateAndGet(eventTimeMs, Math::max);
          reached.accumulateAndGet(event + 1, Math::max);
        }

        @Override
        public void ranked(int event, RankingClient.Reply reply) {
          stats.answered(reply.response(), reply.roundTripNanos(), false);
        }

        @Override
        public void rankingFailed(int event, Throwable error) {
          stats.unanswered.incrementAndGet();
        }
      };
      ReplayOptions ro = ReplayOptions.defaults().withPacing(options.pacing).withSeed(options.seed)
          .withMaxUsersInFlight(options.inFlight).withResponseTimeout(timeout);
      AtomicReference<ReplayResult> replayResult = new AtomicReference<>();
      AtomicReference<Throwable> replayError = new AtomicReference<>();
      long start = System.nanoTime();
      Thread replay = new Thread(() -> {
        try {
          replayResult.set(replayer.run(log, ro, listener, client));
        } catch (Throwable e) {
          replayError.set(e);
        }
      }, "starec-demo-replay");
      replay.start();
      LiveTraffic traffic = options.liveRate > 0 ? new LiveTraffic(client, log, stats, options.liveRate, 20,
          reached::get, clock::get, timeout, options.seed + 1) : null;
      Thread trafficThread = null;
      if (traffic != null) {
        trafficThread = new Thread(traffic, "starec-demo-live");
        trafficThread.setDaemon(true);
        trafficThread.start();
      }
      long[] last = {start, 0};
      boolean[] announced = {false};
      lines.scheduleAtFixedRate(() -> {
        try {
          long now = System.nanoTime();
          long n = stats.interactions.get();
          double rate = (n - last[1]) / ((now - last[0]) / 1e9);
          last[0] = now;
          last[1] = n;
          out.println(line(now - start, n, rate, stats, pipeline));
          if (!announced[0] && replayResult.get() != null) {
            announced[0] = true;
            out.println("  (replay finished: " + replayResult.get().summaryLine() + "; live requests go on)");
          }
          out.flush();
        } catch (RuntimeException e) {
          LOG.warn("live line failed", e);
        }
      }, options.lineEvery.toMillis(), options.lineEvery.toMillis(), TimeUnit.MILLISECONDS);

      stopSignal.await(options.duration.toMillis(), TimeUnit.MILLISECONDS);
      replayer.stop();
      if (traffic != null) {
        traffic.stop();
        trafficThread.interrupt();
      }
      replay.join(10_000);
      lines.shutdownNow();
      // let the answers already on their way arrive, briefly
      long drainEnd = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (client.inFlight() > 0 && System.nanoTime() < drainEnd) {
        Thread.sleep(50);
      }
      Thread.sleep(300); // the rewards consumer catches up with the last commits
      double seconds = (System.nanoTime() - start) / 1e9;
      if (replayError.get() != null) {
        out.println("replay failed: " + replayError.get());
        LOG.error("replay failed", replayError.get());
      }
      return summary(out, seconds, stats, pipeline, replayResult.get());
    }
  }

  static String line(long elapsedNanos, long interactions, double rate, DemoStats stats, LivePipeline pipeline) {
    Histogram h = stats.interval();
    String lat = h.getTotalCount() == 0 ? "p50 - p99 -"
        : String.format(Locale.ROOT, "p50 %s p99 %s", ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)));
    double ndcg10 = stats.ndcgPercent(2);
    var m = pipeline.metrics();
    return String.format(Locale.ROOT,
        "[%3ds] events %,d (%,.0f/s) | rankings %,d (live %,d) %s | reflections %,.0f | rewards %,d | "
            + "NDCG@10 %s | degraded %,d | policy v%s", elapsedNanos / 1_000_000_000L, interactions, rate,
        stats.rankings.get(), stats.liveRankings.get(), lat, m.count("starec.stream.reflections", "event", "applied"),
        stats.rewardRecords.get(), Double.isNaN(ndcg10) ? "-" : String.format(Locale.ROOT, "%.1f%%", ndcg10),
        stats.degraded.get(), policyVersion(pipeline));
  }

  private Summary summary(PrintWriter out, double seconds, DemoStats stats, LivePipeline pipeline,
      ReplayResult replay) {
    Histogram h = stats.total();
    var m = pipeline.metrics();
    double requested = m.count("starec.stream.reflections", "event", "requested");
    double applied = m.count("starec.stream.reflections", "event", "applied");
    double[] ndcg = new double[Cutoffs.PAPER.size()];
    for (int k = 0; k < ndcg.length; k++) {
      ndcg[k] = stats.ndcgPercent(k);
    }
    Summary s = new Summary(seconds, stats.interactions.get(), stats.rankings.get(), stats.liveRankings.get(),
        stats.degraded.get(), stats.errors.get(), stats.unanswered.get(), stats.parseFailures.get(),
        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50), h.getTotalCount() == 0 ? 0
            : h.getValueAtPercentile(99), applied, stats.rewardRecords.get(), stats.resolved.get(), ndcg,
        replay != null && !replay.stopped());
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%nSTARec demo summary (%s after %.1f s)%n", stopReason, seconds));
    b.append(String.format(Locale.ROOT, "  replay     %,d interactions, %,.0f events/s%s%n", s.interactions(),
        s.interactions() / Math.max(seconds, 1e-9), s.replayFinished() ? " (dataset finished)" : " (stopped)"));
    b.append(String.format(Locale.ROOT, "  rankings   %,d answered (%,d simulated by the replay, %,d live); "
            + "latency p50 %s, p90 %s, p99 %s, max %s%n", s.rankings(), s.rankings() - s.liveRankings(),
        s.liveRankings(), h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(50)),
        h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(90)),
        h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(99)),
        h.getTotalCount() == 0 ? "-" : ms(h.getMaxValue())));
    b.append(String.format(Locale.ROOT, "             degraded %,d, errors %,d, unanswered %,d, parse failures %,d%n",
        s.degraded(), s.errors(), s.unanswered(), s.parseFailures()));
    b.append(String.format(Locale.ROOT, "  reflection %,.0f requested, %,.0f applied%s%n", requested, applied,
        pipeline.reflectionEnabled() ? "" : " (reflection off)"));
    b.append(String.format(Locale.ROOT, "  rewards    %,d records (%,d REFLECT); %,d served rankings resolved: "
            + "NDCG@1/5/10/20 %s%n", s.rewardRecords(), stats.reflectRewards.get(), s.resolved(),
        s.resolved() == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f %%", ndcg[0], ndcg[1],
            ndcg[2], ndcg[3])));
    b.append(String.format(Locale.ROOT, "  policy     %s%n", pipeline.gateway().backend().modelVersion()));
    b.append(String.format(Locale.ROOT, "  logs       %s%n",
        options.logDir.resolve("demo.log").toAbsolutePath().normalize()));
    out.print(b);
    out.flush();
    try {
      Files.writeString(options.logDir.resolve("summary.txt"), b.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot write the summary file", e);
    }
    return s;
  }

  private Dataset dataset(PrintWriter out) {
    if (options.dataDir != null) {
      String name = options.dataset != null ? options.dataset : guess(options.dataDir);
      return Datasets.load(name, options.dataDir);
    }
    Path dir = options.logDir.resolve("synthetic-ml");
    int[] size = options.synthetic;
    SyntheticMovieLens.write(dir, options.seed, size[0], size[1], size[2]);
    out.printf("no --data-dir: using a seeded synthetic MovieLens-format dataset (seed %d: %d users, %d movies, "
        + "%d ratings each; invented titles) written to %s%n", options.seed, size[0], size[1], size[2], dir);
    Dataset ml = Datasets.load("ml-1m", dir);
    return new Dataset("synthetic-ml", ml.items(), ml.users(), ml::ratings, true);
  }

  /** ml-1m (ratings.dat), ml-100k (u.data), else cds. */
  static String guess(Path dir) {
    if (Files.exists(dir.resolve("ratings.dat"))) {
      return "ml-1m";
    }
    if (Files.exists(dir.resolve("u.data"))) {
      return "ml-100k";
    }
    return "cds";
  }

  /** The policy version the gateway serves ("embedded/.../linear-scorer-v1@3" -> "3"). */
  static String policyVersion(LivePipeline pipeline) {
    String v = pipeline.gateway().backend().modelVersion();
    int at = v.lastIndexOf('@');
    return at < 0 ? v : v.substring(at + 1);
  }

  static String ms(long micros) {
    return micros >= 10_000 ? String.format(Locale.ROOT, "%,d ms", micros / 1000)
        : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}
