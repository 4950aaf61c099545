package io.starec.loadtest.bench;

import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.replay.RankingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for ranking requests: request i is due at {@code start + i / rate} and is sent then,
 * whether or not earlier ones were answered (a slow system does not slow the sender down). Latency is measured from
 * the <i>intended</i> send time, not the actual one, so a stall of the sender or the system counts against every
 * request that should have gone out during it (corrected for coordinated omission).
 */
public final class OpenLoop {

  private OpenLoop() {}

  /** Builds request i; {@code intendedWallMs} is its planned send time on the wall clock. */
  @FunctionalInterface
  public interface Requests {
    RankingRequest create(int i, long intendedWallMs);
  }

  /** One request and what became of it. Times in System.nanoTime() and wall-clock ms. */
  public record Outcome(int index, String requestId, long intendedNanos, long intendedWallMs, long sentNanos,
      long deadlineMs, long doneNanos, long doneWallMs, RankingResponse response, Throwable error) {

    /** From the intended send time to the answer (coordinated-omission corrected). */
    public long latencyNanos() {
      return doneNanos - intendedNanos;
    }

    public boolean answered() {
      return response != null;
    }

    public boolean degraded() {
      return response != null && response.getDegraded();
    }

    public boolean errorResponse() {
      return response != null && response.getError() != null;
    }

    /** How long after its deadline the answer arrived (negative: before). */
    public long lateMs() {
      return doneWallMs - deadlineMs;
    }
  }

  /** The delay of request i after the start, in nanoseconds. */
  static long offsetNanos(int i, double rate) {
    return Math.round(i * 1e9 / rate);
  }

  /**
   * Sends {@code rate * duration} requests at their planned times, then waits (up to {@code timeout} after the last
   * planned send) for the answers. Outcomes are returned in request order.
   *
   * @param timeout how long one request may wait for its answer before it counts as lost
   */
  public static List<Outcome> run(RankingClient client, double rate, Duration duration, Requests requests,
      Duration timeout) {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    int count = (int) Math.round(rate * duration.toNanos() / 1e9);
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>(count));
    List<CompletableFuture<?>> pending = new ArrayList<>(count);
    long startNanos = System.nanoTime();
    long startWall = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      long intended = startNanos + offsetNanos(i, rate);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      long intendedWall = startWall + TimeUnit.NANOSECONDS.toMillis(intended - startNanos);
      RankingRequest request = requests.create(i, intendedWall);
      long sent = System.nanoTime();
      int index = i;
      pending.add(client.send(request, timeout).whenComplete((reply, error) -> outcomes.add(new Outcome(index,
          request.getRequestId(), intended, intendedWall, sent, request.getDeadlineMs() == null ? Long.MAX_VALUE
          : request.getDeadlineMs(), System.nanoTime(), System.currentTimeMillis(),
          reply == null ? null : reply.response(), error))));
    }
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // timeouts are outcomes (error set); anything else leaves the request without an outcome: counted as lost
    }
    List<Outcome> sorted = new ArrayList<>(outcomes);
    sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
    return sorted;
  }
}
