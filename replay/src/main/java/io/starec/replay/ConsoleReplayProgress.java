package io.starec.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar over a replay's interactions, with the simulated rankings in its message. */
public final class ConsoleReplayProgress implements ReplayListener, AutoCloseable {

  private final ProgressBar bar;
  private final AtomicLong ranked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public ConsoleReplayProgress(PrintStream out, long interactions) {
    this.bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(interactions)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(out))
        .setUpdateIntervalMillis(500).setUnit(" ev", 1).showSpeed().build();
  }

  @Override
  public void interaction(int event, long eventTimeMs) {
    bar.step();
  }

  @Override
  public void ranked(int event, RankingClient.Reply reply) {
    ranked.incrementAndGet();
    message();
  }

  @Override
  public void rankingFailed(int event, Throwable error) {
    failed.incrementAndGet();
    message();
  }

  private void message() {
    bar.setExtraMessage(String.format(Locale.ROOT, "rankings %,d%s", ranked.get(),
        failed.get() > 0 ? String.format(Locale.ROOT, " (%,d unanswered)", failed.get()) : ""));
  }

  @Override
  public void close() {
    bar.close();
  }
}
