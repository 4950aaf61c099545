package io.starec.cli;

import io.starec.research.baseline.BprMf;
import io.starec.research.dataset.DatasetFormatException;
import io.starec.research.eval.EvalMethods;
import io.starec.research.eval.EvalOptions;
import io.starec.research.eval.EvalReport;
import io.starec.research.eval.MethodSummary;
import io.starec.research.protocol.ProtocolConfig;
import io.starec.research.eval.EvalReportWriter;
import io.starec.research.eval.EvalRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec eval}: the paper's ranking protocol (DESIGN §8) on a dataset, for the baselines and live methods. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluates ranking methods with the paper's protocol (NDCG@1/5/10/20).",
        "Per test user, the last interaction is ranked against 19 negatives the user never touched (DESIGN section",
        "8); NDCG in percent, averaged over users and seeds. Writes results.json, results.md (Table 4 style, the",
        "paper's rows beside ours) and results.png into --out.",
        "Methods: pop, pop_sample, bpr (BPR-MF on the sample), bpr_full, itemknn, itemknn_sample, random;",
        "embedded and triton run through the live pipeline.",
        "Exit code: 0 all methods ran, 1 a method or the data failed, 2 usage error."})
public final class EvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "ml-1m | ml-100k | cds (= cds-dense) | cds-sparse | synthetic (ML-1M format, see SyntheticMovieLens).")
  String dataset;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR",
      description = "Folder with the dataset's original files (e.g. ../shared/data/ml-1m).")
  Path dataDir;

  @Option(names = "--users", paramLabel = "N", defaultValue = "1000", description = "Test users (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--train-users", paramLabel = "N",
      description = "Training users, disjoint from the test users (default: as many as --users).")
  Integer trainUsers;

  @Option(names = "--seeds", paramLabel = "S,S,...", split = ",", defaultValue = "0,1,2",
      description = "Run seeds: negatives and model training (default ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--methods", paramLabel = "M,M,...", split = ",", defaultValue = "pop,bpr,bpr_full,itemknn",
      description = "Methods to evaluate (default ${DEFAULT-VALUE}).")
  List<String> methods;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "eval-results",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--no-reflection", description = "Live methods rank without slow thinking (LLMRank-style).")
  boolean noReflection;

  @Option(names = "--triton-url", paramLabel = "URL", description = "Triton endpoint; needed by the triton method.")
  String tritonUrl;

  @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the user sample, fixed across run seeds (default ${DEFAULT-VALUE}).")
  long sampleSeed;

  @Option(names = "--target", paramLabel = "POLICY", defaultValue = "last",
      description = "last (the paper: the last interaction, whatever its rating) | last-positive (rating > 3).")
  String target;

  @Option(names = "--min-interactions", paramLabel = "N",
      description = "Drop users and items with fewer interactions (default 10; 0 for the CDs subsets, which have 8 per user).")
  Integer minInteractions;

  @Option(names = "--filter", paramLabel = "MODE", defaultValue = "fixpoint",
      description = "fixpoint (repeat until stable, as RecBole) | one-pass.")
  String filter;

  @Option(names = "--history", paramLabel = "N", defaultValue = "40",
      description = "Interactions kept per user, target included (default ${DEFAULT-VALUE}).")
  int history;

  @Option(names = "--negatives", paramLabel = "N", defaultValue = "19", description = "Negatives per test user (default ${DEFAULT-VALUE}).")
  int negatives;

  @Option(names = "--bpr-factors", paramLabel = "N", description = "BPR-MF latent dimension (default 64).")
  Integer bprFactors;

  @Option(names = "--bpr-epochs", paramLabel = "N", description = "BPR-MF epochs (default 40).")
  Integer bprEpochs;

  @Option(names = "--bpr-lr", paramLabel = "X", description = "BPR-MF SGD learning rate (default 0.05).")
  Double bprLr;

  @Option(names = "--bpr-reg", paramLabel = "X", description = "BPR-MF L2 regularisation (default 0.01).")
  Double bprReg;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "A setting for live methods (EvalOptions.extra), e.g. --set live.simulate.last=5; repeatable.")
  Map<String, String> extra = new java.util.LinkedHashMap<>();

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Progress bar on a terminal (--no-progress: one line per method and seed).")
  boolean progress;

  @Override
  public Integer call() throws Exception {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EvalRun.Settings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      err.println("starec eval: " + e.getMessage());
      return 2;
    }
    EvalReport report;
    try {
      report = EvalRun.run(settings, outw);
    } catch (IllegalArgumentException e) {
      err.println("starec eval: " + e.getMessage());
      return 2;
    } catch (DatasetFormatException | java.io.UncheckedIOException e) {
      err.println("starec eval: " + e.getMessage());
      return 1;
    }
    outw.println();
    outw.print(EvalReportWriter.markdown(report));
    outw.println();
    outw.println("wrote " + out.resolve(EvalReportWriter.JSON) + ", " + out.resolve(EvalReportWriter.MARKDOWN)
        + ", " + out.resolve(EvalReportWriter.PNG));
    outw.flush();
    return report.methods().stream().anyMatch(MethodSummary::failed) ? 1 : 0;
  }

  EvalRun.Settings settings() {
    ProtocolConfig protocol = ProtocolConfig.defaultsFor(dataset)
        .withUsers(users, trainUsers == null ? users : trainUsers)
        .withHistoryLength(history)
        .withNegatives(negatives)
        .withSampleSeed(sampleSeed)
        .withTarget(switch (target.toLowerCase(java.util.Locale.ROOT)) {
          case "last" -> ProtocolConfig.TargetPolicy.LAST;
          case "last-positive", "last_positive" -> ProtocolConfig.TargetPolicy.LAST_POSITIVE;
          default -> throw new IllegalArgumentException("--target must be last or last-positive");
        })
        .withFilter(switch (filter.toLowerCase(java.util.Locale.ROOT)) {
          case "fixpoint" -> ProtocolConfig.FilterMode.FIXPOINT;
          case "one-pass", "one_pass" -> ProtocolConfig.FilterMode.ONE_PASS;
          default -> throw new IllegalArgumentException("--filter must be fixpoint or one-pass");
        });
    if (minInteractions != null) {
      protocol = protocol.withMinInteractions(minInteractions);
    }
    BprMf.Config bpr = BprMf.Config.defaults();
    if (bprFactors != null) {
      bpr = bpr.withFactors(bprFactors);
    }
    if (bprEpochs != null) {
      bpr = bpr.withEpochs(bprEpochs);
    }
    if (bprLr != null) {
      bpr = bpr.withLearningRate(bprLr);
    }
    if (bprReg != null) {
      bpr = bpr.withRegularization(bprReg);
    }
    EvalOptions options = new EvalOptions(bpr, tritonUrl, !noReflection, extra);
    List<String> names = methods.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
    for (String m : names) {
      if (!EvalMethods.BASELINES.contains(m) && !EvalMethods.LIVE.contains(m) && !m.equals("bpr_sample")) {
        throw new IllegalArgumentException("unknown method '" + m + "', expected one of "
            + EvalMethods.BASELINES + " or " + EvalMethods.LIVE);
      }
    }
    boolean bar = progress && System.console() != null;
    return new EvalRun.Settings(dataset, dataDir, protocol, seeds, names, options, out, bar);
  }
}
