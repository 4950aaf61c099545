package io.starec.replay;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a replay's interactions, with the simulated rankings: a redrawn bar on a terminal, or one line every
 * few seconds (and one at the end) where nothing can be redrawn: a log file, a pipe, CI.
 */
public final class ConsoleReplayProgress implements ReplayListener, AutoCloseable {

  private final long total;
  private final long startNanos = System.nanoTime();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ranked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ProgressBar bar;
  private final PrintWriter lines;
  private final ScheduledExecutorService ticker;

  private ConsoleReplayProgress(long interactions, ProgressBar bar, PrintWriter lines, Duration every) {
    this.total = interactions;
    this.bar = bar;
    this.lines = lines;
    if (lines == null) {
      this.ticker = null;
    } else {
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replay-progress");
        t.setDaemon(true);
        return t;
      });
      // from a thread of its own: a replay waiting on its rankings makes no callbacks, and that is worth a line too
      ticker.scheduleAtFixedRate(this::printLine, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A progress bar redrawn on a terminal. */
  public static ConsoleReplayProgress bar(PrintStream terminal, long interactions) {
    ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(interactions)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(terminal))
        .setUpdateIntervalMillis(500).setUnit(" ev", 1).showSpeed().build();
    return new ConsoleReplayProgress(interactions, bar, null, null);
  }

  /** One line every {@code every} and one at {@link #close()}, for output that is not a terminal. */
  public static ConsoleReplayProgress lines(PrintWriter out, long interactions, Duration every) {
    if (every.toMillis() < 1) {
      throw new IllegalArgumentException("progress interval must be at least 1 ms, was " + every);
    }
    return new ConsoleReplayProgress(interactions, null, out, every);
  }

  @Override
  public void interaction(int event, long eventTimeMs) {
    sent.incrementAndGet();
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void ranked(int event, RankingClient.Reply reply) {
    ranked.incrementAndGet();
    rankingsChanged();
  }

  @Override
  public void rankingFailed(int event, Throwable error) {
    failed.incrementAndGet();
    rankingsChanged();
  }

  private void rankingsChanged() {
    if (bar != null) {
      bar.setExtraMessage(rankings());
    }
  }

  private String rankings() {
    return String.format(Locale.ROOT, "rankings %,d%s", ranked.get(),
        failed.get() > 0 ? String.format(Locale.ROOT, " (%,d unanswered)", failed.get()) : "");
  }

  /** e.g. {@code replay: 12,345 of 100,000 interactions (12.3%), 2,057/s, rankings 310, 6 s}. */
  String line() {
    long n = sent.get();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "replay: %,d of %,d interactions (%.1f%%), %,.0f/s, %s, %.0f s", n, total,
        total == 0 ? 100.0 : 100.0 * n / total, n / Math.max(seconds, 1e-3), rankings(), seconds);
  }

  private void printLine() {
    lines.println(line());
    lines.flush();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    } else {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      printLine();
    }
  }
}
