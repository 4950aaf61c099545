package io.starec.cli;

import io.starec.avro.RankingMode;
import io.starec.config.StarecConfig;
import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.DatasetFormatException;
import io.starec.research.dataset.Datasets;
import io.starec.pipeline.PipelineTopics;
import io.starec.replay.ConsoleReplayProgress;
import io.starec.replay.Pacing;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.replay.TimeArgs;
import io.starec.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec replay}: publishes a dataset's items, users and interactions to Kafka in timestamp order. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replays a dataset into Kafka in timestamp order.",
        "Items (key itemId) and users (key userId) first, then interactions (key userId, source REPLAY) with their",
        "original event times. Event ids are stable (dataset:user:item:timestamp), so a second replay changes no",
        "memory: the stream app ingests each id once.",
        "--simulate-ranking also sends, before each interaction, the ranking request of the paper's training loop",
        "(the item plus 19 negatives the user never touched) and waits for its response before sending the",
        "interaction, so predictions are pending when feedback arrives and reflections and rewards follow;",
        "up to --in-flight users wait at once. Its requests name the dataset, so rewards say starec/<dataset>/rank.",
        "Records are uncompressed unless -D compression.type=gzip|snappy|lz4|zstd.",
        "Exit code: 0 done, 1 failed, 2 usage error."})
public final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "ml-1m | ml-100k | cds (= cds-dense) | cds-sparse.")
  String dataset;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "Folder with the dataset's original files (e.g. ../shared/data/ml-1m).")
  Path dataDir;

  @ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Interactions per second.")
    Double rate;

    @Option(names = "--speedup", paramLabel = "FACTOR",
        description = "Original pace sped up by FACTOR (e.g. 100000: an ML-1M day in under a second).")
    Double speedup;
  }

  @Option(names = "--users", paramLabel = "N", defaultValue = "0",
      description = "Only the first N users in id order (default: all).")
  int users;

  @Option(names = "--from", paramLabel = "TIME", description = "Only interactions at or after TIME "
      + "(epoch seconds or ms, 2000-12-31, 2000-12-31T12:00, ...Z).")
  String from;

  @Option(names = "--until", paramLabel = "TIME", description = "Only interactions before TIME.")
  String until;

  @Option(names = "--simulate-ranking", description = "Send the training loop's ranking request before each "
      + "interaction and wait for its response.")
  boolean simulateRanking;

  @Option(names = "--explore", description = "Simulated requests in EXPLORE mode (G sampled rollouts: GRPO groups).")
  boolean explore;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "8",
      description = "Users waiting for a simulated ranking at once (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--negatives", paramLabel = "N", defaultValue = "19",
      description = "Negatives per simulated ranking (default ${DEFAULT-VALUE}).")
  int negatives;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the simulated rankings' negatives (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--response-timeout-ms", paramLabel = "MS", defaultValue = "60000",
      description = "Wait this long for a simulated ranking before sending its interaction anyway "
          + "(default ${DEFAULT-VALUE}).")
  long responseTimeoutMs;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Topic name prefix (topic.prefix; default starec).")
  String prefix;

  @Option(names = "--create-topics", description = "Create missing topics first.")
  boolean createTopics;

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Progress: a bar on a terminal, else a line every --progress-every seconds (default on).")
  boolean progress;

  @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between progress lines when the output is not a terminal (default ${DEFAULT-VALUE}).")
  long progressEverySeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AbstractConfig cfg;
    ReplayLog.Selection selection;
    Pacing pacing;
    try {
      ConfigDef def = StarecConfig.configDef();
      Map<String, Object> extra = new LinkedHashMap<>();
      if (prefix != null) {
        extra.put(StarecConfig.TOPIC_PREFIX, prefix);
      }
      cfg = new AbstractConfig(def, config.load(def, extra), false);
      selection = new ReplayLog.Selection(users, from == null ? null : TimeArgs.parseMillis(from),
          until == null ? null : TimeArgs.parseMillis(until));
      pacing = pace == null ? Pacing.unlimited()
          : pace.rate != null ? Pacing.rate(pace.rate) : Pacing.speedup(pace.speedup);
      if (inFlight < 1 || responseTimeoutMs < 1 || negatives < 0 || progressEverySeconds < 1) {
        throw new IllegalArgumentException("--in-flight, --response-timeout-ms and --progress-every must be >= 1, "
            + "--negatives >= 0");
      }
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("starec replay: " + e.getMessage());
      return 2;
    }
    Dataset data;
    ReplayLog log;
    try {
      data = Datasets.load(dataset, dataDir);
      log = ReplayLog.fromDataset(data, selection);
    } catch (IllegalArgumentException e) {
      err.println("starec replay: " + e.getMessage());
      return 2;
    } catch (DatasetFormatException | java.io.UncheckedIOException e) {
      err.println("starec replay: " + e.getMessage());
      return 1;
    }
    if (simulateRanking) {
      log.simulateAll();
    }
    Topics topics = StarecConfig.topics(cfg);
    Properties kafka = StarecConfig.producerProperties(cfg); // compression.type reaches the replay's producers
    Map<String, Object> serdes = StarecConfig.serdeConfig(cfg);
    String registry = cfg.getString(StarecConfig.SCHEMA_REGISTRY_URL);
    long[] span = log.span();
    out.printf("replay %s: %,d interactions of %,d users, %,d items, %s .. %s, to %s (prefix %s, registry %s), "
            + "pace %s%s%n", data.name(), log.size(), log.users().size(), log.items().size(),
        Instant.ofEpochMilli(span[0]), Instant.ofEpochMilli(span[1]), cfg.getString(StarecConfig.BOOTSTRAP_SERVERS),
        topics.prefix(), registry, pacing, simulateRanking ? ", simulated rankings (" + (explore ? "EXPLORE" : "SERVE")
            + ", " + inFlight + " users in flight)" : "");
    if (registry.startsWith("mock://")) {
      out.println("note: a mock:// registry lives in this JVM only; services in other processes cannot read these "
          + "records (use --registry-url http://...)");
    }
    out.flush();
    if (createTopics) {
      PipelineTopics.ensure(StarecConfig.kafkaClientProperties(cfg), topics);
    }
    ReplayOptions options = ReplayOptions.defaults().withPacing(pacing)
        .withMode(explore ? RankingMode.EXPLORE : RankingMode.SERVE).withSeed(seed).withMaxUsersInFlight(inFlight)
        .withResponseTimeout(Duration.ofMillis(responseTimeoutMs)).withNegatives(negatives);
    Replayer replayer = new Replayer(kafka, serdes, topics);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      replayer.stop();
      try {
        main.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "replay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ReplayResult result;
    // a redrawn bar only where there is a terminal; a log or a pipe gets a line every few seconds
    ConsoleReplayProgress progressOut = !progress ? null : System.console() != null
        ? ConsoleReplayProgress.bar(System.err, log.size())
        : ConsoleReplayProgress.lines(out, log.size(), Duration.ofSeconds(progressEverySeconds));
    try (ConsoleReplayProgress p = progressOut) {
      result = replayer.run(log, options, p == null ? ReplayListener.NONE : p);
    } catch (RuntimeException e) {
      err.println("starec replay: failed: " + e.getMessage());
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
    out.println(result.summaryLine());
    out.flush();
    return 0;
  }
}
