package io.starec.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The degraded answer when the agent misses its deadline or fails: candidates by popularity (interaction count,
 * highest first), ties by item id, so the same stats always give the same ranking.
 */
public final class FallbackRanking {

  private FallbackRanking() {}

  public static List<String> rank(List<String> candidateItemIds, ToLongFunction<String> interactionCount) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(candidateItemIds));
    distinct.sort(Comparator.comparingLong(interactionCount).reversed().thenComparing(Comparator.naturalOrder()));
    return distinct;
  }
}
