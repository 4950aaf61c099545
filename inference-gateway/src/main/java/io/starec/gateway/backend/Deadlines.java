package io.starec.gateway.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Waiting for a remote backend's calls without outliving the task deadline. */
final class Deadlines {

  /** The client's own call deadline fires first; this margin only guards against a stuck transport. */
  private static final long GRACE_MS = 1000;

  private Deadlines() {}

  /**
   * The call's result, waiting at most until the deadline (plus a grace second).
   *
   * @throws BackendException the call's failure, or DEADLINE_EXCEEDED (the call is cancelled)
   */
  static <T> T await(CompletableFuture<T> f, long deadlineMs) {
    try {
      return f.get(Math.max(1, deadlineMs - System.currentTimeMillis()) + GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof BackendException be ? be
          : new BackendException(ErrorKind.INTERNAL, String.valueOf(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new BackendException(ErrorKind.DEADLINE_EXCEEDED, "no answer before the task deadline");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new BackendException(ErrorKind.INTERNAL, "interrupted");
    } catch (CancellationException e) {
      throw new BackendException(ErrorKind.INTERNAL, "cancelled");
    }
  }

  /** All results in order, or the first failure, upon which the other calls are cancelled. */
  static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> calls) {
    CompletableFuture<List<T>> out = new CompletableFuture<>();
    AtomicInteger left = new AtomicInteger(calls.size());
    if (calls.isEmpty()) {
      out.complete(List.of());
    }
    for (CompletableFuture<T> c : calls) {
      c.whenComplete((v, e) -> {
        if (e != null) {
          out.completeExceptionally(e);
        } else if (left.decrementAndGet() == 0) {
          List<T> results = new ArrayList<>(calls.size());
          calls.forEach(x -> results.add(x.join()));
          out.complete(results);
        }
      });
    }
    out.whenComplete((v, e) -> {
      if (e != null) {
        calls.forEach(c -> c.cancel(true));
      }
    });
    return out;
  }
}
