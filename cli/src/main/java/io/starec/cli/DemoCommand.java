package io.starec.cli;

import io.starec.pipeline.demo.Demo;
import io.starec.replay.Pacing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec demo}: the whole system in one JVM, on a replayed dataset, with a live status line. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the whole system in this JVM on a replayed dataset.",
        "A Kafka broker (KRaft), a mock:// schema registry, the stream app, the inference gateway with the embedded",
        "CPU policy and the trainer bridge (GRPO learner); replays a dataset (without --data-dir: a seeded synthetic",
        "MovieLens-format one) with simulated ranking requests before a share of its interactions, and sends live",
        "ranking requests alongside. Prints a status line every few seconds and a summary at the end (--duration or",
        "Ctrl-C). Service logs go to .starec/demo-<time>/.",
        "Exit code: 0 done, 1 failed, 2 usage error."})
public final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Dataset folder (ml-1m, ml-100k or a CDs folder); default: a synthetic dataset.")
  Path dataDir;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "ml-1m | ml-100k | cds | cds-sparse (default: guessed from the files in --data-dir).")
  String dataset;

  @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to run, in seconds (also 90s, 2m; default ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--users", paramLabel = "N", defaultValue = "0",
      description = "Replay only the first N users in id order (default: all).")
  int users;

  @ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "Replay interactions per second.")
    Double rate;

    @Option(names = "--speedup", paramLabel = "FACTOR", description = "Replay at the original pace x FACTOR.")
    Double speedup;
  }

  @Option(names = "--simulate-fraction", paramLabel = "F", defaultValue = "0.1",
      description = "Share of interactions preceded by the training loop's ranking request (default ${DEFAULT-VALUE}).")
  double simulateFraction;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "16",
      description = "Users waiting for a simulated ranking at once (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--live-rate", paramLabel = "PER_S", defaultValue = "2",
      description = "Live ranking requests per second (default ${DEFAULT-VALUE}; 0 = none).")
  double liveRate;

  @Option(names = "--explore-fraction", paramLabel = "F", defaultValue = "0.2",
      description = "Share of rankings also explored with G sampled rollouts, the learner's GRPO groups "
          + "(default ${DEFAULT-VALUE}).")
  double exploreFraction;

  @Option(names = "--line-every", paramLabel = "SECONDS", defaultValue = "5",
      description = "Status line interval (default ${DEFAULT-VALUE}).")
  int lineEvery;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-reflection", description = "Without slow thinking (the paper's ablation).")
  boolean noReflection;

  @Option(names = "--no-trainer", description = "Do not start the trainer bridge.")
  boolean noTrainer;

  @Option(names = "--log-dir", paramLabel = "DIR",
      description = "Where logs, exports and the summary go (default .starec/demo-<timestamp>).")
  Path logDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = logDir != null ? logDir : Path.of(".starec",
        "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    Duration runFor;
    try {
      runFor = parseDuration(duration);
      if (simulateFraction < 0 || simulateFraction > 1 || exploreFraction < 0 || exploreFraction > 1 || inFlight < 1 || liveRate < 0 || lineEvery < 1) {
        throw new IllegalArgumentException("--simulate-fraction and --explore-fraction in [0, 1], --in-flight >= 1, --live-rate >= 0, "
            + "--line-every >= 1 expected");
      }
      if (dataDir != null && !Files.isDirectory(dataDir)) {
        throw new IllegalArgumentException("--data-dir " + dataDir + " is not a folder");
      }
      Files.createDirectories(dir);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("starec demo: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      spec.commandLine().getErr().println("starec demo: cannot create " + dir + ": " + e.getMessage());
      return 1;
    }
    // service logs to a file, so the console keeps the status lines (must precede the first logger)
    System.setProperty("org.slf4j.simpleLogger.logFile", dir.resolve("demo.log").toString());
    Pacing pacing = pace == null ? Pacing.unlimited()
        : pace.rate != null ? Pacing.rate(pace.rate) : Pacing.speedup(pace.speedup);
    Demo.Options options = new Demo.Options(dir).data(dataDir, dataset).duration(runFor).users(users)
        .pacing(pacing).simulateFraction(simulateFraction).inFlight(inFlight).liveRate(liveRate)
        .exploreFraction(exploreFraction).lineEvery(Duration.ofSeconds(lineEvery)).seed(seed).reflection(!noReflection);
    options.trainer(!noTrainer);
    out.println("STARec demo: logs in " + dir.toAbsolutePath().normalize());
    out.flush();
    Demo demo = new Demo(options);
    Thread hook = new Thread(() -> {
      demo.stop();
      try {
        demo.awaitFinished(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      demo.run(out);
      return 0;
    } catch (Exception e) {
      out.println("starec demo failed: " + e + " (details in " + dir.resolve("demo.log") + ")");
      org.slf4j.LoggerFactory.getLogger(DemoCommand.class).error("demo failed", e);
      return 1;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down (Ctrl-C): the hook is running
      }
    }
  }

  /** "60", "60s", "2m", "1h", or an ISO-8601 duration (PT90S). */
  static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Long.parseLong(s));
      }
      long v = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (unit) {
        case 's' -> Duration.ofSeconds(v);
        case 'm' -> Duration.ofMinutes(v);
        case 'h' -> Duration.ofHours(v);
        default -> throw new IllegalArgumentException("unknown unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read duration '" + text + "' (e.g. 60, 90s, 2m)");
    }
  }
}
