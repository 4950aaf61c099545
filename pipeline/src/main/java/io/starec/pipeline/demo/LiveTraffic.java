package io.starec.pipeline.demo;

import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayLog;
import io.starec.replay.Replayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Live ranking requests alongside the replay, as a client application would send them: at a fixed rate, for a
 * random user the replay has already reached, 20 random catalogue items, timestamped at the replay's current event
 * time (the "now" of the replayed world) with a wall-clock deadline. Answers feed {@link DemoStats}.
 */
final class LiveTraffic implements Runnable {

  private final RankingClient client;
  private final ReplayLog log;
  private final DemoStats stats;
  private final double perSecond;
  private final int candidates;
  private final IntSupplier reachedEvents;
  private final LongSupplier replayClock;
  private final Duration timeout;
  private final SplittableRandom random;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean running = true;

  /**
   * @param reachedEvents how many events of the log the replay has sent (users are picked among them)
   * @param replayClock event time of the latest replayed interaction
   */
  LiveTraffic(RankingClient client, ReplayLog log, DemoStats stats, double perSecond, int candidates,
      IntSupplier reachedEvents, LongSupplier replayClock, Duration timeout, long seed) {
    this.client = client;
    this.log = log;
    this.stats = stats;
    this.perSecond = perSecond;
    this.candidates = candidates;
    this.reachedEvents = reachedEvents;
    this.replayClock = replayClock;
    this.timeout = timeout;
    this.random = new SplittableRandom(seed);
  }

  void stop() {
    running = false;
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void run() {
    long intervalNanos = (long) (1e9 / perSecond);
    long next = System.nanoTime();
    while (running) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      next += intervalNanos;
      int reached = reachedEvents.getAsInt();
      if (reached == 0) {
        continue;
      }
      int event = random.nextInt(reached);
      long now = replayClock.getAsLong();
      RankingRequest request = RankingRequest.newBuilder()
          .setRequestId("live-" + sent.incrementAndGet() + "-" + Long.toHexString(random.nextLong()))
          .setUserId(log.userId(event)).setCandidateItemIds(randomItems())
          .setDeadlineMs(Replayer.deadline(now, timeout)).setMode(RankingMode.SERVE).setReplyTo(null)
          .setTimestampMs(now).build();
      client.send(request, timeout).whenComplete((reply, error) -> {
        if (error != null) {
          stats.unanswered.incrementAndGet();
        } else {
          stats.answered(reply.response(), reply.roundTripNanos(), true);
        }
      });
    }
  }

  private List<String> randomItems() {
    List<io.starec.research.dataset.DatasetItem> items = log.items();
    int n = Math.min(candidates, items.size());
    Set<Integer> chosen = new HashSet<>();
    List<String> out = new ArrayList<>(n);
    while (out.size() < n) {
      int i = random.nextInt(items.size());
      if (chosen.add(i)) {
        out.add(items.get(i).itemId());
      }
    }
    return out;
  }
}
