package io.starec.core.memory;

import io.starec.avro.InteractionType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When an interaction counts as "liked": an explicit rating above the threshold (MovieLens: rating &gt; 3), or an
 * implicit positive behaviour (CLICK, PURCHASE by default).
 */
public final class PositiveRule {

  public static final double DEFAULT_RATING_THRESHOLD = 3.0;
  public static final Set<InteractionType> DEFAULT_IMPLICIT = EnumSet.of(InteractionType.CLICK,
      InteractionType.PURCHASE);

  private final double ratingThreshold;
  private final Set<InteractionType> implicitPositives;

  public PositiveRule(double ratingThreshold, Set<InteractionType> implicitPositives) {
    this.ratingThreshold = ratingThreshold;
    Objects.requireNonNull(implicitPositives, "implicitPositives");
    this.implicitPositives = EnumSet.noneOf(InteractionType.class);
    this.implicitPositives.addAll(implicitPositives);
  }

  public static PositiveRule defaults() {
    return new PositiveRule(DEFAULT_RATING_THRESHOLD, DEFAULT_IMPLICIT);
  }

  /** Positive when rating &gt; threshold, or the type is one of the implicit positives. */
  public boolean isPositive(InteractionType type, Double rating) {
    if (rating != null && !rating.isNaN() && rating > ratingThreshold) {
      return true;
    }
    return type != null && implicitPositives.contains(type);
  }

  public double ratingThreshold() {
    return ratingThreshold;
  }

  public Set<InteractionType> implicitPositives() {
    Set<InteractionType> copy = EnumSet.noneOf(InteractionType.class);
    copy.addAll(implicitPositives);
    return copy;
  }
}
