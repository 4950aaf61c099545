package io.starec.cli;

import io.starec.loadtest.bench.GatewayBenchmark;
import io.starec.loadtest.bench.Loadtest;
import io.starec.loadtest.bench.LoadtestOptions;
import io.starec.loadtest.bench.ParseBenchmark;
import io.starec.loadtest.drill.DrillResult;
import io.starec.loadtest.drill.Drills;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec loadtest}: the performance harness (DESIGN §12) and the reliability drills. */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measures throughput and ranking latency against a bare Kafka Streams reference, or runs drills.",
        "In one run against one broker: the reference (bare Kafka Streams passthrough with one RocksDB store) and",
        "our ingest topology on the same events (events/s, ratio), ranking round trips with the embedded policy at",
        "fixed offered rates (open loop, coordinated-omission corrected, p50/p95/p99/max), and a replay of ML-1M",
        "end to end into memory. Writes loadtest.json, throughput.png and latency.png to --out.",
        "With --drill: the reliability drills instead (kill-stream-app, gateway-outage, poison, broker-restart, all),",
        "full size unless --quick; writes drills.json.",
        "Exit code: 0 done (drills: all passed), 1 failed, 2 usage error."})
public final class LoadtestCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT",
      description = "Broker to use (default: an in-JVM KRaft broker, started and stopped by the run).")
  String bootstrap;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "loadtest-results",
      description = "Where the JSON and PNG files go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "CI scale: 10k ingest events, rates 5 and 10 req/s for 5 s, no ML-1M "
      + "replay; drills at CI size.")
  boolean quick;

  @Option(names = "--gateway", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "10",
      description = "Only the gateway benchmark: embedded policy rankings/s (20 candidates, warm item cache) and the "
          + "Triton client's overhead per call, SECONDS per measurement (default 10).")
  Double gatewaySeconds;

  @Option(names = "--parsers", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "1",
      description = "Only the parse benchmark: ms per parse and ns/char of the ranking and reflection parsers on "
          + "normal and pathological completions, SECONDS per measurement (default 1).")
  Double parserSeconds;

  @Option(names = "--skip-ml1m", description = "Skip the ML-1M replay.")
  boolean skipMl1m;

  @Option(names = "--ml1m-dir", paramLabel = "DIR", description = "ML-1M folder (default ../shared/data/ml-1m).")
  Path ml1mDir;

  @Option(names = "--events", paramLabel = "N", description = "Ingest events (default 300000; quick 10000).")
  Integer events;

  @Option(names = "--users", paramLabel = "N", description = "Users of the ingest events (default 2000).")
  Integer users;

  @Option(names = "--items", paramLabel = "N", description = "Items of the ingest events (default 3000).")
  Integer items;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions of every topic (default 4).")
  Integer partitions;

  @Option(names = "--repeats", paramLabel = "N", description = "Reference and ingest runs each, alternating; the "
      + "best of each is compared (default 3; quick 1).")
  Integer repeats;

  @Option(names = "--rates", paramLabel = "R1,R2,...", split = ",",
      description = "Offered ranking rates, requests/s (default 10,40,160,320,640,960,1280).")
  List<Double> rates;

  @Option(names = "--rate-seconds", paramLabel = "S", description = "Seconds per rate (default 30; quick 5).")
  Integer rateSeconds;

  @Option(names = "--drill", paramLabel = "NAME", split = ",",
      description = "Run drills instead: kill-stream-app, gateway-outage, poison, broker-restart or all.")
  List<String> drills;

  @Option(names = "--registry", paramLabel = "URL", description = "Drills: an http(s) schema registry (default: "
      + "in-JVM, and a small HTTP one for the stream-app process of the kill drill).")
  String registry;

  @Option(names = "--repo-root", paramLabel = "DIR", description = "Drills: the checkout with deploy/local/kafka-up.sh "
      + "(default: looked up from the working directory).")
  Path repoRoot;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (drills != null && !drills.isEmpty()) {
      for (String d : drills) {
        if (!"all".equalsIgnoreCase(d) && Drills.canonical(d) == null) {
          err.println("starec loadtest: unknown drill '" + d + "', expected one of " + Drills.NAMES + " or all");
          return 2;
        }
      }
      List<DrillResult> results = Drills.runAll(drills, bootstrap, registry, repoRoot, out, quick, o);
      List<String> failed = new ArrayList<>();
      results.stream().filter(r -> !r.passed()).forEach(r -> failed.add(r.drill() + " " + r.failed()));
      o.println(failed.isEmpty() ? "all drills passed; " + out.resolve("drills.json")
          : "FAILED: " + String.join(", ", failed));
      o.flush();
      return failed.isEmpty() ? 0 : 1;
    }
    if (gatewaySeconds != null) {
      if (gatewaySeconds <= 0) {
        err.println("starec loadtest: --gateway SECONDS must be positive");
        return 2;
      }
      GatewayBenchmark.run(gatewaySeconds, o);
      return 0;
    }
    if (parserSeconds != null) {
      if (parserSeconds <= 0) {
        err.println("starec loadtest: --parsers SECONDS must be positive");
        return 2;
      }
      ParseBenchmark.run(parserSeconds, o);
      return 0;
    }
    LoadtestOptions opts = quick ? LoadtestOptions.quick(out) : LoadtestOptions.full(out);
    opts = opts.withBootstrap(bootstrap).withIngest(
        events != null ? events : opts.events(), users != null ? users : opts.users(),
        items != null ? items : opts.items(), partitions != null ? partitions : opts.partitions(),
        repeats != null ? repeats : opts.repeats());
    if (rates != null || rateSeconds != null) {
      opts = opts.withRates(rates != null ? rates : opts.rates(),
          rateSeconds != null ? Duration.ofSeconds(rateSeconds) : opts.perRate());
    }
    if (skipMl1m) {
      opts = opts.withMl1m(null);
    } else if (ml1mDir != null) {
      opts = opts.withMl1m(ml1mDir);
    }
    if (opts.events() < 1 || opts.repeats() < 1 || opts.partitions() < 1 || opts.rates().isEmpty()
        || opts.rates().stream().anyMatch(r -> r <= 0) || opts.perRate().isNegative() || opts.perRate().isZero()) {
      err.println("starec loadtest: --events, --repeats, --partitions, --rates and --rate-seconds must be positive");
      return 2;
    }
    if (opts.ml1mDir() != null && !Files.isDirectory(opts.ml1mDir())) {
      err.println("starec loadtest: ML-1M folder " + opts.ml1mDir().toAbsolutePath() + " not found (--ml1m-dir DIR "
          + "or --skip-ml1m)");
      return 2;
    }
    Loadtest.run(opts, o);
    o.flush();
    return 0;
  }
}
