package io.starec.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast a replay publishes interactions: as fast as possible, at a fixed rate (events per second), or at the
 * original pace sped up by a factor (relative to the first replayed timestamp). A pacer only delays; it never
 * drops events, so a replay that cannot keep up simply runs behind schedule.
 */
public abstract sealed class Pacing {

  public static Pacing unlimited() {
    return new Unlimited();
  }

  /** @param eventsPerSecond interactions per second, > 0 */
  public static Pacing rate(double eventsPerSecond) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0 events/s, was " + eventsPerSecond);
    }
    return new Rate(eventsPerSecond);
  }

  /** @param factor event-time milliseconds per wall-clock millisecond, > 0 (1 = real time) */
  public static Pacing speedup(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("speedup must be > 0, was " + factor);
    }
    return new Speedup(factor);
  }

  /** Starts the clock: {@code firstEventTimeMs} is the timestamp of the first replayed event. */
  public abstract Pacer start(long firstEventTimeMs);

  /** When events are due; callers wait (and may do other work) until then. */
  public interface Pacer {
    /**
     * @param started how many events were started before this one
     * @param eventTimeMs this event's timestamp
     * @return {@link System#nanoTime()} at which the event may be sent
     */
    long dueNanos(long started, long eventTimeMs);

    /** Blocks until the event is due. */
    default void await(long started, long eventTimeMs) throws InterruptedException {
      sleepUntil(dueNanos(started, eventTimeMs));
    }
  }

  @Override
  public abstract String toString();

  static void sleepUntil(long deadlineNanos) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      // park in slices: accurate enough, and an interrupt is seen within 50 ms
      LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  private static final class Unlimited extends Pacing {
    @Override
    public Pacer start(long firstEventTimeMs) {
      long t0 = System.nanoTime();
      return (started, t) -> t0;
    }

    @Override
    public String toString() {
      return "unlimited";
    }
  }

  private static final class Rate extends Pacing {
    private final double perSecond;

    Rate(double perSecond) {
      this.perSecond = perSecond;
    }

    @Override
    public Pacer start(long firstEventTimeMs) {
      long t0 = System.nanoTime();
      return (started, t) -> t0 + (long) (started * 1e9 / perSecond);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.1f events/s", perSecond);
    }
  }

  private static final class Speedup extends Pacing {
    private final double factor;

    Speedup(double factor) {
      this.factor = factor;
    }

    @Override
    public Pacer start(long firstEventTimeMs) {
      long t0 = System.nanoTime();
      return (started, t) -> t0 + (long) (Math.max(0, t - firstEventTimeMs) * 1e6 / factor);
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "x%.0f original pace", factor);
    }
  }
}
