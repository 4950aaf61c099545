package io.starec.replay;

import java.util.Objects;

/**
 * Stable ids of replayed events. The same dataset row always gets the same event id, so a second replay into the
 * same topics is ingested once (stream-app drops an event whose id is already in the user's history), and the
 * ranking request a replay simulates for it always has the same request id.
 */
public final class EventIds {

  private EventIds() {}

  /** {@code <dataset>:<user>:<item>:<timestamp>}; readable, and unique per dataset row (one rating per pair). */
  public static String eventId(String dataset, String userId, String itemId, long timestampMs) {
    Objects.requireNonNull(dataset, "dataset");
    return dataset + ":" + userId + ":" + itemId + ":" + timestampMs;
  }

  /** The ranking request the paper's training loop would make right before the event. */
  public static String simulatedRequestId(String eventId) {
    return "sim:" + eventId;
  }

  /** The final (evaluation) ranking request of a test user under a seed. */
  public static String evalRequestId(String dataset, String userId, long seed) {
    return "eval:" + dataset + ":" + userId + ":seed" + seed;
  }
}
