package io.starec.loadtest.drill;

import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.replay.Pacing;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** The seeded synthetic MovieLens log a drill replays, with each user's event ids. */
final class DrillData {

  final ReplayLog log;
  final Map<String, List<String>> eventsByUser = new LinkedHashMap<>();

  private DrillData(ReplayLog log) {
    this.log = log;
    for (int e = 0; e < log.size(); e++) {
      eventsByUser.computeIfAbsent(log.userId(e), u -> new ArrayList<>()).add(log.eventId(e));
    }
  }

  static DrillData synthetic(Path dir, long seed, int users, int items, int eventsPerUser) {
    SyntheticMovieLens.write(dir, seed, users, items, eventsPerUser);
    return new DrillData(ReplayLog.fromDataset(Datasets.load("synthetic", dir), ReplayLog.Selection.all()));
  }

  int size() {
    return log.size();
  }

  /** Replays {@code log} (catalogue already published) at {@code rate} events/s in the background, counting sends. */
  static CompletableFuture<ReplayResult> pacedReplay(Replayer replayer, ReplayLog log, double rate, AtomicLong sent) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return replayer.run(log, ReplayOptions.defaults().withPacing(Pacing.rate(rate)).withPublishCatalogue(false),
            new ReplayListener() {
              @Override
              public void interaction(int event, long eventTimeMs) {
                sent.incrementAndGet();
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }
}
