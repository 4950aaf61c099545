package io.starec.research.dataset;

import java.util.Objects;

/**
 * One user-item interaction from a dataset.
 *
 * @param userId user id
 * @param itemId item id
 * @param rating explicit rating (MovieLens: 1..5), or null for an implicit interaction
 * @param timestampMs event time in epoch milliseconds; for datasets without timestamps, a logical
 *     time that follows the file order (0, 1, 2, ...)
 */
public record Rating(String userId, String itemId, Double rating, long timestampMs) {

  public Rating {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
  }

  public boolean explicit() {
    return rating != null;
  }

  /**
   * Positive feedback: an explicit rating above {@code threshold} (the paper: rating > 3), or any
   * implicit interaction (an implicit dataset records only things the user chose).
   */
  public boolean positive(double threshold) {
    return rating == null || rating > threshold;
  }
}
