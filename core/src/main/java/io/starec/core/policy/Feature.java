package io.starec.core.policy;

/**
 * The embedded policy's signals (DESIGN §6), one column of a feature vector each. Text similarities are cosines
 * of unit MiniLM vectors; set-relative signals (co-occurrence, popularity) are scaled to [0, 1] within the
 * candidate set so weights carry over between users.
 */
public enum Feature {
  /** Cosine of the item text with the preference description (0 without a description). */
  DESCRIPTION_SIM("description_sim", "matches the preference description", "does not match the description"),
  /** Cosine with the recency-weighted centroid of liked history items. */
  LIKED_SIM("liked_sim", "similar to the liked history", "unlike the liked history"),
  /** Highest cosine with any single liked history item. */
  LIKED_MAX_SIM("liked_max_sim", "close to a liked title", "close to no liked title"),
  /** Cosine with the recency-weighted centroid of not-liked history items. */
  DISLIKED_SIM("disliked_sim", "resembles disliked items", "unlike disliked items"),
  /** The task's co-occurrence with the user's recent history, log-scaled to [0, 1] in the set. */
  COOCCURRENCE("cooccurrence", "often consumed together with the recent history", "rarely consumed with the history"),
  /** Recency-weighted share of liked history in the item's genres (mean and max over its genres). */
  GENRE_AFFINITY("genre_affinity", "in genres the user likes", "outside the liked genres"),
  /** The same share for not-liked history. */
  GENRE_AVERSION("genre_aversion", "in genres the user disliked", "not in disliked genres"),
  /** Closeness of the release year to the liked years (Gaussian, 0 when unknown). */
  ERA_AFFINITY("era_affinity", "from the user's favourite era", "far from the favourite era"),
  /** log(1 + interactions), scaled to [0, 1] in the set. */
  POPULARITY("popularity", "popular", "little known"),
  /** Smoothed like rate (likes + 1) / (interactions + 2). */
  LIKE_RATE("like_rate", "well liked by others", "rarely liked by others");

  private final String key;
  private final String positive;
  private final String negative;

  Feature(String key, String positive, String negative) {
    this.key = key;
    this.positive = positive;
    this.negative = negative;
  }

  /** The name used in scorer weights JSON. */
  public String key() {
    return key;
  }

  /** Words for a signal that pushed an item up. */
  public String positive() {
    return positive;
  }

  /** Words for a signal that pushed an item down. */
  public String negative() {
    return negative;
  }

  public static Feature byKey(String key) {
    for (Feature f : values()) {
      if (f.key.equals(key)) {
        return f;
      }
    }
    return null;
  }

  public static int count() {
    return values().length;
  }
}
