package io.starec.workerkit.consumer;

import io.starec.schemas.registry.RegistryException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry that cannot answer is an outage, not bad input. When a record cannot be decoded for that
 * reason ({@link #isOutage}), the consumer {@linkplain #hold holds} its partition at that record: it seeks back to
 * it, pauses the partition and retries after a capped, jittered exponential {@link Backoff}; nothing is
 * dead-lettered and nothing is committed past it (the record stays unfinished in the {@link OffsetTracker}). Other
 * partitions go on: records whose writer schema the deserializer has cached decode without the registry. When the
 * wait is over the partition is resumed and its record decoded again; the first record of it that decodes
 * {@linkplain #released releases} it, a failure holds it again with a longer wait. {@link #status} is what
 * {@code /health} reports while any partition is held.
 *
 * <p>Holding, resuming and releasing happen on the poll thread (they call the consumer); {@link #status},
 * {@link #heldPartitions} and {@link #retries} may be read from any thread.
 */
public final class RegistryOutage {

  public static final String BACKOFF_MS_CONFIG = "registry.retry.backoff.ms";
  public static final String BACKOFF_MAX_MS_CONFIG = "registry.retry.backoff.max.ms";
  public static final long DEFAULT_BACKOFF_MS = 500;
  public static final long DEFAULT_BACKOFF_MAX_MS = 30_000;
  public static final String BACKOFF_MS_DOC = "First wait before a partition held by a schema registry outage "
      + "(unreachable, timeout, 5xx, refused credentials) decodes its record again; it doubles per failed retry "
      + "up to " + BACKOFF_MAX_MS_CONFIG + ", minus up to 20% jitter. Such records are never dead-lettered and "
      + "never committed past; other partitions go on.";
  public static final String BACKOFF_MAX_MS_DOC = "Longest wait between retries of a partition held by a schema "
      + "registry outage.";
  /** Share of a wait that is randomised away, so partitions and instances do not retry in lockstep. */
  public static final double JITTER = 0.2;

  private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);

  /** What {@code /health} says during an outage: how many partitions wait, since when, and the last failure. */
  public record Status(int heldPartitions, long sinceMs, String reason) {

    /** {@code {"status":"OUTAGE","heldPartitions":..,"sinceMs":..,"reason":".."}}, for a health document. */
    public String toJson() {
      return "{\"status\":\"OUTAGE\",\"heldPartitions\":" + heldPartitions + ",\"sinceMs\":" + sinceMs
          + ",\"reason\":\"" + jsonEscape(reason) + "\"}";
    }
  }

  private static final class Held {
    final long sinceMs;
    long offset; // the earliest record not yet decoded
    int attempts;
    long retryAtMs;
    boolean waiting; // paused until retryAtMs; false once resumed for the retry

    Held(long sinceMs, long offset) {
      this.sinceMs = sinceMs;
      this.offset = offset;
    }
  }

  private final Backoff backoff;
  private final DoubleSupplier random;
  private final String name;
  private final Map<TopicPartition, Held> held = new HashMap<>();
  private final AtomicLong retries = new AtomicLong();
  private String reason = "";

  /** @param name the consumer, for log lines (e.g. {@code gateway tasks}) */
  public RegistryOutage(String name, Backoff backoff) {
    this(name, backoff, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As above, with the jitter's random source (tests). */
  public RegistryOutage(String name, Backoff backoff, DoubleSupplier random) {
    this.name = name;
    this.backoff = backoff;
    this.random = random;
  }

  /** A backoff of {@code initialMs} to {@code maxMs} with the standard {@link #JITTER}. */
  public static Backoff backoff(long initialMs, long maxMs) {
    return new Backoff(initialMs, Math.max(initialMs, maxMs), JITTER);
  }

  /**
   * Whether {@code error} (or one of its causes) is a registry that could not answer ({@link
   * RegistryException#isOutage}), as opposed to bytes or a schema that cannot be read: the record is not at fault.
   */
  public static boolean isOutage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryException r && r.isOutage()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The record at {@code offset} of {@code tp} could not be decoded because of {@code cause}, an outage: the
   * consumer goes back to it and pauses {@code tp} until the next retry is due. The caller drops the records of
   * {@code tp} after it that it already holds (they are read again) and leaves the record unfinished. A partition
   * held already keeps the earlier of its two records, so no record is skipped.
   */
  public synchronized void hold(Consumer<?, ?> consumer, TopicPartition tp, long offset, Throwable cause,
      long nowMs) {
    Held h = held.computeIfAbsent(tp, k -> new Held(nowMs, offset));
    h.offset = Math.min(h.offset, offset);
    h.attempts++;
    long wait = backoff.delayMs(h.attempts, random.getAsDouble());
    h.retryAtMs = nowMs + wait;
    h.waiting = true;
    reason = String.valueOf(cause.getMessage());
    retries.incrementAndGet();
    consumer.seek(tp, h.offset);
    consumer.pause(List.of(tp));
    if (h.attempts == 1) {
      LOG.warn("{}: schema registry outage, holding {} at offset {} (nothing is dead-lettered or committed past "
          + "it); retry in {} ms: {}", name, tp, h.offset, wait, reason);
    } else {
      LOG.debug("{}: registry still unavailable for {} (attempt {}); retry in {} ms", name, tp, h.attempts, wait);
    }
  }

  /** Resumes the held partitions whose wait is over, so their record is decoded again by the next poll. */
  public synchronized void resumeDue(Consumer<?, ?> consumer, long nowMs) {
    List<TopicPartition> due = new ArrayList<>();
    held.forEach((tp, h) -> {
      if (h.waiting && nowMs >= h.retryAtMs) {
        h.waiting = false;
        due.add(tp);
      }
    });
    if (!due.isEmpty()) {
      consumer.resume(due);
    }
  }

  /** A record of {@code tp} decoded: the registry answers for it again (a no-op for a partition not held). */
  public synchronized void released(TopicPartition tp) {
    Held h = held.remove(tp);
    if (h != null) {
      LOG.info("{}: schema registry answers again for {} after {} failed attempts; resumed", name, tp, h.attempts);
      if (held.isEmpty()) {
        reason = "";
      }
    }
  }

  /** Partitions paused by a hold whose retry is not due yet: a consumer's own resume must leave them paused. */
  public synchronized Set<TopicPartition> waiting() {
    Set<TopicPartition> out = new HashSet<>();
    held.forEach((tp, h) -> {
      if (h.waiting) {
        out.add(tp);
      }
    });
    return out;
  }

  /** Partitions that are gone (revoked or lost): their holds end with them. */
  public synchronized void forget(Collection<TopicPartition> gone) {
    gone.forEach(held::remove);
    if (held.isEmpty()) {
      reason = "";
    }
  }

  /** The outage while any partition is held, else empty. */
  public synchronized Optional<Status> status() {
    if (held.isEmpty()) {
      return Optional.empty();
    }
    long since = held.values().stream().mapToLong(h -> h.sinceMs).min().orElse(0);
    return Optional.of(new Status(held.size(), since, reason));
  }

  public synchronized int heldPartitions() {
    return held.size();
  }

  /** Holds so far: every failed decode caused by an outage (a metric's counter). */
  public long retries() {
    return retries.get();
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
