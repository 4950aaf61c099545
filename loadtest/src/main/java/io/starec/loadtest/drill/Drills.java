package io.starec.loadtest.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.starec.loadtest.bench.BenchSupport;
import io.starec.localkafka.LocalKafka;
import io.starec.localkafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reliability drills by name, at CI scale or full scale:
 * <ul>
 *   <li>{@code kill-stream-app}: {@link KillDrill};</li>
 *   <li>{@code gateway-outage}: {@link GatewayOutageDrill};</li>
 *   <li>{@code poison}: {@link PoisonDrill};</li>
 *   <li>{@code broker-restart}: {@link BrokerRestartDrill}.</li>
 * </ul>
 */
public final class Drills {

  public static final List<String> NAMES = List.of("kill-stream-app", "gateway-outage", "poison", "broker-restart");

  private Drills() {}

  /** The full drill name for a name or a unique prefix of one ("kill", "gateway", "broker"); null if none. */
  public static String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if ("outage".equals(n)) {
      return "gateway-outage";
    }
    List<String> matches = NAMES.stream().filter(x -> x.startsWith(n)).toList();
    return matches.size() == 1 ? matches.get(0) : null;
  }

  /** Runs one drill ({@code ci} = the small size CI uses). */
  public static DrillResult run(String name, DrillEnv env, boolean ci) throws Exception {
    String n = canonical(name);
    if (n == null) {
      throw new IllegalArgumentException("unknown drill '" + name + "', expected one of " + NAMES + " or all");
    }
    return switch (n) {
      case "kill-stream-app" -> KillDrill.run(env, ci ? KillDrill.Settings.ci() : KillDrill.Settings.full());
      case "gateway-outage" -> GatewayOutageDrill.run(env,
          ci ? GatewayOutageDrill.Settings.ci() : GatewayOutageDrill.Settings.full());
      case "poison" -> PoisonDrill.run(env, ci ? PoisonDrill.Settings.ci() : PoisonDrill.Settings.full());
      default -> BrokerRestartDrill.run(env,
          ci ? BrokerRestartDrill.Settings.ci() : BrokerRestartDrill.Settings.full());
    };
  }

  /**
   * Runs the named drills ("all" = every one) against {@code bootstrap} (null: an in-JVM broker), writes
   * {@code drills.json} into {@code outDir}; returns the results.
   */
  public static List<DrillResult> runAll(List<String> names, String bootstrap, String registryUrl, Path repoRoot,
      Path outDir, boolean ci, PrintWriter log) throws Exception {
    List<String> todo = new ArrayList<>();
    for (String n : names) {
      if ("all".equalsIgnoreCase(n)) {
        todo.addAll(NAMES);
      } else {
        todo.add(n);
      }
    }
    Files.createDirectories(outDir);
    EmbeddedKafkaBroker broker = null;
    Path work = BenchSupport.tempDir("starec-drills-");
    List<DrillResult> results = new ArrayList<>();
    try {
      String b = bootstrap;
      if (b == null && todo.stream().anyMatch(n -> !"broker-restart".equals(canonical(n)))) {
        broker = LocalKafka.start();
        b = broker.bootstrapServers();
      }
      DrillEnv env = new DrillEnv(b, registryUrl, work, repoRoot, log);
      for (String n : todo) {
        log.printf("drill %s (%s scale)%n", n, ci ? "CI" : "full");
        DrillResult r = run(n, env, ci);
        results.add(r);
        log.printf("  %s in %.1f s: %s%n  figures %s%n", r.passed() ? "PASSED" : "FAILED " + r.failed(),
            r.seconds(), r.checks(), r.figures());
        if (!r.advisory().isEmpty()) {
          log.printf("  advisory %s%n", r.advisory());
        }
        write(outDir.resolve("drills.json"), results);
      }
      return results;
    } finally {
      if (broker != null) {
        broker.stop();
      }
      if (results.size() == todo.size() && results.stream().allMatch(DrillResult::passed)) {
        BenchSupport.deleteDir(work);
      } else {
        log.printf("kept %s (child and broker logs, state dirs) for a look at what failed%n", work);
      }
    }
  }

  static void write(Path file, List<DrillResult> results) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
  }

  /** {@code Drills NAME|all [ci|full] [outDir]}: without the CLI. */
  public static void main(String[] args) throws Exception {
    List<DrillResult> r = runAll(List.of(args.length > 0 ? args[0] : "all"), System.getenv("KAFKA_BOOTSTRAP"),
        System.getenv("SCHEMA_REGISTRY_URL"), null, Path.of(args.length > 2 ? args[2] : "drill-results"),
        args.length < 2 || args[1].equals("ci"), new PrintWriter(System.out, true));
    System.exit(r.stream().allMatch(DrillResult::passed) ? 0 : 1);
  }
}
