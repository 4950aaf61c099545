package io.starec.streamapp;

import io.starec.streamapp.errors.RegistryOutage;
import io.starec.streamapp.metrics.AppMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream threads' uncaught-exception policy. A thread is replaced while deaths stay under a bound per window;
 * past it the client shuts down (state ERROR: /health answers 503) rather than replace, forever, a thread that
 * re-reads the same record and dies again. A registry outage is not the record's fault: the thread is replaced
 * after a back-off with jitter, and the death does not count toward the bound.
 */
final class ThreadDeaths implements StreamsUncaughtExceptionHandler {

  static final int DEFAULT_MAX_REPLACEMENTS = 3;
  static final long DEFAULT_WINDOW_MS = Duration.ofMinutes(10).toMillis();
  static final long DEFAULT_OUTAGE_BACKOFF_MS = Duration.ofSeconds(5).toMillis();

  private static final Logger LOG = LoggerFactory.getLogger(ThreadDeaths.class);

  private final int maxReplacements;
  private final long windowMs;
  private final long outageBackoffMs;
  private final AppMetrics metrics;
  private final LongSupplier clock;
  private final Deque<Long> deaths = new ArrayDeque<>();

  ThreadDeaths(int maxReplacements, long windowMs, long outageBackoffMs, AppMetrics metrics, LongSupplier clock) {
    this.maxReplacements = maxReplacements;
    this.windowMs = windowMs;
    this.outageBackoffMs = outageBackoffMs;
    this.metrics = metrics;
    this.clock = clock;
  }

  static ThreadDeaths from(StreamAppConfig config, AppMetrics metrics) {
    return new ThreadDeaths(config.getInt(StreamAppConfig.THREAD_REPLACEMENTS_MAX),
        config.getLong(StreamAppConfig.THREAD_REPLACEMENTS_WINDOW_MS),
        config.getLong(StreamAppConfig.REGISTRY_OUTAGE_BACKOFF_MS), metrics, System::currentTimeMillis);
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable error) {
    if (RegistryOutage.causedBy(error)) {
      metrics.threadDeath("registry_unreachable");
      long backoff = outageBackoffMs + ThreadLocalRandom.current().nextLong(outageBackoffMs + 1);
      LOG.warn("stream thread failed: schema registry unreachable; replacing it in {} ms", backoff, error);
      sleep(backoff);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    if (!withinBound()) {
      metrics.threadDeath("shutdown");
      LOG.error("stream thread died more than {} times within {} ms; shutting the stream app down", maxReplacements,
          windowMs, error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    metrics.threadDeath("replaced");
    LOG.error("stream thread died; replacing it", error);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Records a death; true while deaths in the window, this one included, are at most the bound. */
  private synchronized boolean withinBound() {
    long now = clock.getAsLong();
    deaths.addLast(now);
    while (!deaths.isEmpty() && deaths.peekFirst() <= now - windowMs) {
      deaths.removeFirst();
    }
    return deaths.size() <= maxReplacements;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
