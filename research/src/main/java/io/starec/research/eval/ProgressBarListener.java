package io.starec.research.eval;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows an evaluation run as one progress bar over (method, seed, user) steps; step results go to the log after. */
public final class ProgressBarListener implements EvalListener, AutoCloseable {

  private final boolean bar;
  private final PrintWriter log;
  private final StringBuilder finished = new StringBuilder();
  private ProgressBar progress;

  /** @param bar draw a bar (on stderr); false prints one line per finished step instead */
  public ProgressBarListener(boolean bar, PrintWriter log) {
    this.bar = bar;
    this.log = log;
  }

  @Override
  public void runStarted(int steps, int users) {
    if (bar) {
      progress = new ProgressBarBuilder().setTaskName("eval").setInitialMax((long) steps * users)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" users", 1).build();
    }
  }

  @Override
  public void stepStarted(String method, long seed, int users) {
    if (progress != null) {
      progress.setExtraMessage(method + " seed " + seed);
    }
  }

  @Override
  public void usersRanked(int users) {
    if (progress != null) {
      progress.stepBy(users);
    }
  }

  @Override
  public void stepFinished(String method, SeedResult r) {
    String line = String.format(Locale.ROOT, "%-14s seed %d: NDCG@1/5/10/20 = %.2f / %.2f / %.2f / %.2f (%s)",
        method, r.seed(), r.ndcg().get(0), r.ndcg().get(1), r.ndcg().get(2), r.ndcg().get(3),
        EvalReportWriter.seconds(r.wallMs()));
    if (bar) {
      finished.append(line).append('\n');
    } else {
      log.println(line);
      log.flush();
    }
  }

  @Override
  public void stepFailed(String method, long seed, Exception error) {
    String line = method + " seed " + seed + " failed: " + error;
    if (bar) {
      finished.append(line).append('\n');
    } else {
      log.println(line);
      log.flush();
    }
  }

  @Override
  public void close() {
    if (progress != null) {
      progress.close();
      progress = null;
      log.print(finished);
      log.flush();
    }
  }
}
