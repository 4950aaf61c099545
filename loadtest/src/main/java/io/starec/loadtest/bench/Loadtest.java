package io.starec.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starec.localkafka.LocalKafka;
import io.starec.localkafka.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code starec loadtest}: everything measured in one run against one broker (DESIGN §12):
 * <ol>
 *   <li>the reference, bare Kafka Streams passthrough with one RocksDB store ({@link ReferenceBenchmark}), and our
 *       ingest topology ({@link IngestBenchmark}) on the same number of the same synthetic events, same partitions,
 *       exactly-once both; alternated {@code repeats} times, best of each compared;</li>
 *   <li>ranking round trips with the embedded policy at fixed offered rates, open loop ({@link RankingBenchmark});</li>
 *   <li>a dataset (ML-1M) replayed end to end into memory ({@link Ml1mReplayBenchmark}), unless skipped.</li>
 * </ol>
 * Writes {@code loadtest.json}, {@code throughput.png} and {@code latency.png} into the output folder. Ratios to the
 * reference are the claim; absolute figures depend on the machine and its load.
 */
public final class Loadtest {

  private Loadtest() {}

  /** {@code Loadtest [quick|full] [outDir]}: without the CLI (e.g. from an IDE). */
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 1 ? args[1] : "loadtest-results");
    run(args.length > 0 && args[0].equals("quick") ? LoadtestOptions.quick(out) : LoadtestOptions.full(out),
        new PrintWriter(System.out, true));
  }

  /** Runs everything; returns the report (also written to {@code outDir/loadtest.json}). */
  public static Map<String, Object> run(LoadtestOptions o, PrintWriter log) throws Exception {
    Files.createDirectories(o.outDir());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("startedAt", Instant.now().toString());
    report.put("machine", MachineInfo.describe());
    EmbeddedKafkaBroker broker = null;
    Path work = BenchSupport.tempDir("starec-loadtest-");
    try {
      String bootstrap = o.bootstrap();
      if (bootstrap == null) {
        broker = LocalKafka.start();
        bootstrap = broker.bootstrapServers();
      }
      report.put("broker", o.bootstrap() == null ? "in-JVM KRaft broker (EmbeddedKafkaBroker)" : bootstrap);

      // 1. reference vs ours
      log.printf("ingest: %d events, %d users, %d items, %d partitions, exactly_once_v2, %d round(s)%n", o.events(),
          o.users(), o.items(), o.partitions(), o.repeats());
      List<Map<String, Object>> refRuns = new ArrayList<>();
      List<Map<String, Object>> ourRuns = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (int r = 0; r < o.repeats(); r++) {
        Path refState = Files.createDirectories(work.resolve("ref-" + r));
        ReferenceBenchmark.Result ref = ReferenceBenchmark.run(bootstrap, o.events(), o.users(), o.items(),
            o.partitions(), StreamsConfig.EXACTLY_ONCE_V2, refState);
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("seconds", round(ref.seconds()));
        rm.put("secondsAfterRunning", round(ref.secondsAfterRunning()));
        rm.put("eventsPerSecond", Math.round(ref.eventsPerSecond()));
        rm.put("eventsPerSecondAfterRunning", Math.round(ref.eventsPerSecondAfterRunning()));
        rm.put("outputRecords", ref.outputRecords());
        refRuns.add(rm);
        log.printf("  reference run %d: %.0f events/s after RUNNING (%.2f s)%n", r + 1,
            ref.eventsPerSecondAfterRunning(), ref.secondsAfterRunning());
        Path ourState = Files.createDirectories(work.resolve("ours-" + r));
        @SuppressWarnings("unchecked")
        Map<String, Object> ours = json.readValue(IngestBenchmark.run(bootstrap, o.events(), o.users(), o.items(),
            o.partitions(), ourState), Map.class);
        ourRuns.add(ours);
        log.printf("  ingest run %d: %s events/s after RUNNING (%s s)%n", r + 1,
            ours.get("eventsPerSecondAfterRunning"), ours.get("secondsAfterRunning"));
      }
      double bestRef = best(refRuns, "eventsPerSecondAfterRunning");
      double bestOurs = best(ourRuns, "eventsPerSecondAfterRunning");
      Map<String, Object> ingest = new LinkedHashMap<>();
      ingest.put("events", o.events());
      ingest.put("users", o.users());
      ingest.put("items", o.items());
      ingest.put("partitions", o.partitions());
      ingest.put("guarantee", StreamsConfig.EXACTLY_ONCE_V2);
      ingest.put("clock", "from KafkaStreams RUNNING until the last event is visible downstream (read_committed):"
          + " the output topic for the reference, the item-stats topic for ours");
      ingest.put("referenceRuns", refRuns);
      ingest.put("ingestRuns", ourRuns);
      ingest.put("referenceEventsPerSecond", Math.round(bestRef));
      ingest.put("ingestEventsPerSecond", Math.round(bestOurs));
      ingest.put("ratioToReference", round3(bestOurs / bestRef));
      // medians too: on a shared machine the best of a few short reference runs is itself noisy
      ingest.put("ratioToReferenceMedian", round3(median(ourRuns, "eventsPerSecondAfterRunning")
          / median(refRuns, "eventsPerSecondAfterRunning")));
      // the same from KafkaStreams.start(), start-up (rebalance, global tables, RocksDB) included
      ingest.put("ratioToReferenceFromStart", round3(best(ourRuns, "eventsPerSecond") / best(refRuns,
          "eventsPerSecond")));
      report.put("ingest", ingest);
      log.printf("  best: reference %.0f events/s, ours %.0f events/s, ratio %.3f%n", bestRef, bestOurs,
          bestOurs / bestRef);

      // 2. ranking round trips
      log.printf("ranking: open loop at %s req/s, %d s each, deadline %d ms%n", o.rates(), o.perRate().toSeconds(),
          o.deadlineMs());
      RankingBenchmark.Result ranking = RankingBenchmark.run(bootstrap, new RankingBenchmark.Settings(o.rates(),
          o.perRate(), o.deadlineMs(), o.partitions(), o.rankingUsers(), o.rankingItems()), work, log);
      Map<String, Object> rk = new LinkedHashMap<>();
      rk.put("backend", "embedded CPU policy (MiniLM ONNX + learned scorer), gateway in the same JVM");
      rk.put("loop", "open loop; latency from the intended send time (coordinated-omission corrected); HdrHistogram");
      rk.put("deadlineMs", ranking.deadlineMs());
      rk.put("users", ranking.users());
      rk.put("items", ranking.items());
      rk.put("historyPerUser", ranking.historyPerUser());
      rk.put("candidates", 20);
      rk.put("rates", ranking.rates());
      rk.put("saturatedAt", ranking.saturatedAt());
      rk.put("saturationRule", "lost > 0, degraded > 1%, answers/s < 90% of offered, or p99 > deadline/2");
      report.put("ranking", rk);

      // 3. dataset replay
      Ml1mReplayBenchmark.Result ml = null;
      if (o.ml1mDir() != null) {
        log.printf("replay: %s end to end into memory%n", o.ml1mDir());
        ml = Ml1mReplayBenchmark.run(bootstrap, "ml-1m", o.ml1mDir(), o.partitions(), work, log);
        report.put("ml1mReplay", ml);
        log.printf("  %d ratings in %.1f s: %.0f events/s (publishing took %.1f s); last event in memory for %d of"
                + " %d users%n", ml.ratings(), ml.seconds(), ml.eventsPerSecond(), ml.publishSeconds(),
            ml.usersWithLastEvent(), ml.usersChecked());
      } else {
        report.put("ml1mReplay", "skipped");
      }

      report.put("loadAverageAtEnd", MachineInfo.loadAverage());
      report.put("finishedAt", Instant.now().toString());

      List<String> names = new ArrayList<>(List.of("reference passthrough", "our ingest"));
      List<Double> values = new ArrayList<>(List.of(bestRef, bestOurs));
      if (ml != null) {
        names.add("ML-1M replay (end to end)");
        values.add(ml.eventsPerSecond());
      }
      json.enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(o.outDir().resolve("loadtest.json").toFile(), report); // before the charts, in case they fail
      Charts.throughput(o.outDir().resolve("throughput.png"), names, values,
          String.format(Locale.ROOT, "ours/reference = %.2f", bestOurs / bestRef));
      Charts.latency(o.outDir().resolve("latency.png"), ranking.rates());
      report.put("charts", List.of("throughput.png", "latency.png"));
      json.writeValue(o.outDir().resolve("loadtest.json").toFile(), report);
      log.printf("wrote %s%n", o.outDir().resolve("loadtest.json"));
      return report;
    } finally {
      if (broker != null) {
        broker.stop();
      }
      BenchSupport.deleteDir(work);
    }
  }

  private static double best(List<Map<String, Object>> runs, String key) {
    double b = 0;
    for (Map<String, Object> r : runs) {
      b = Math.max(b, ((Number) r.get(key)).doubleValue());
    }
    return b;
  }

  private static double median(List<Map<String, Object>> runs, String key) {
    double[] v = runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  static double round3(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
