package io.starec.research.eval;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.PreprocessStats;
import io.starec.research.protocol.ProtocolConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One evaluation end to end: load, preprocess, run the methods over the seeds, write the results. */
public final class EvalRun {

  /**
   * @param dataset ml-1m | ml-100k | cds | cds-dense | cds-sparse
   * @param progressBar draw a progress bar (otherwise a line per finished step)
   */
  public record Settings(
      String dataset,
      Path dataDir,
      ProtocolConfig protocol,
      List<Long> seeds,
      List<String> methods,
      EvalOptions options,
      Path out,
      boolean progressBar) {

    public Settings {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(protocol, "protocol");
      seeds = List.copyOf(seeds);
      methods = List.copyOf(methods);
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(out, "out");
      if (seeds.isEmpty() || methods.isEmpty()) {
        throw new IllegalArgumentException("need at least one seed and one method");
      }
    }
  }

  private EvalRun() {}

  public static EvalReport run(Settings settings, PrintWriter log) throws IOException {
    // methods first: an unknown or unavailable method fails before minutes of loading
    List<EvalMethod> methods = new ArrayList<>();
    for (String name : settings.methods()) {
      methods.add(EvalMethods.create(name, settings.options()));
    }
    long t0 = System.nanoTime();
    Dataset dataset = Datasets.load(settings.dataset(), settings.dataDir());
    EvalData data = EvalData.prepare(dataset, settings.protocol());
    PreprocessStats s = data.stats();
    log.printf(Locale.ROOT, "%s: %,d interactions of %,d users on %,d items -> %,d / %,d / %,d after the filter "
            + "(%d rounds); %d test + %d training users (%.1f s)%n",
        dataset.name(), s.rawInteractions(), s.rawUsers(), s.rawItems(), s.interactions(), s.users(), s.items(),
        s.filterRounds(), s.testUsers(), s.trainUsers(), (System.nanoTime() - t0) / 1e9);
    s.notes().forEach(n -> log.println("note: " + n));
    log.flush();
    EvalReport report;
    try (ProgressBarListener listener = new ProgressBarListener(settings.progressBar(), log)) {
      report = EvalHarness.run(data, methods, settings.seeds(), listener);
    }
    EvalReportWriter.writeAll(report, settings.out());
    return report;
  }
}
