package io.starec.core.stats;

import io.starec.avro.CooccurrenceEntry;
import io.starec.avro.HistoryEntry;
import io.starec.avro.ItemStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bounded, sequence-aware co-occurrence sketch of DESIGN §5.
 *
 * <p>The sketch of item {@code i} holds the items that came shortly <em>before</em> {@code i} in users' sequences:
 * when a user interacts with {@code i}, each of the user's last {@code window} items adds
 * {@code decay^(distance-1)} to {@code sketch(i)[j]} (distance 1 = the item just before). Directional on purpose:
 * "what users did just before they chose {@code c}" is the signal for ranking {@code c} after the user's history,
 * and it costs one repartitioned record per event instead of a fan-out to every history item. Each sketch keeps
 * its {@code topN} heaviest entries.
 *
 * <p>A candidate's score for a user sums {@code recency^p * sketch(c)[h_p]} over the user's history, {@code p} = 0
 * for the most recent item, so recent history counts more. The score is raw; divide by the candidate's
 * interaction count for a popularity-normalised signal.
 */
public final class Cooccurrence {

  public static final int DEFAULT_WINDOW = 10;
  public static final double DEFAULT_DECAY = 0.8;
  public static final int DEFAULT_TOP_N = 50;
  public static final double DEFAULT_RECENCY = 0.9;

  private static final Comparator<CooccurrenceEntry> HEAVIEST_FIRST =
      Comparator.comparingDouble(CooccurrenceEntry::getWeight).reversed()
          .thenComparing(CooccurrenceEntry::getItemId);

  private final int window;
  private final double decay;
  private final int topN;
  private final double recency;

  public Cooccurrence(int window, double decay, int topN, double recency) {
    if (window < 0 || topN < 0 || decay <= 0 || decay > 1 || recency <= 0 || recency > 1) {
      throw new IllegalArgumentException("co-occurrence settings out of range: window " + window + ", decay "
          + decay + ", topN " + topN + ", recency " + recency);
    }
    this.window = window;
    this.decay = decay;
    this.topN = topN;
    this.recency = recency;
  }

  public static Cooccurrence defaults() {
    return new Cooccurrence(DEFAULT_WINDOW, DEFAULT_DECAY, DEFAULT_TOP_N, DEFAULT_RECENCY);
  }

  /**
   * The statistics one interaction contributes to its item: one interaction, a like when positive, and the decayed
   * weights of the user's preceding items (history oldest first, before this event is appended).
   */
  public ItemStats delta(String itemId, boolean liked, List<HistoryEntry> historyBefore) {
    Map<String, Double> weights = new LinkedHashMap<>();
    double w = 1.0;
    int seen = 0;
    for (int i = historyBefore.size() - 1; i >= 0 && seen < window; i--, seen++) {
      String other = historyBefore.get(i).getItemId();
      if (!other.equals(itemId)) {
        weights.merge(other, w, Double::sum);
      }
      w *= decay;
    }
    return ItemStats.newBuilder().setItemId(itemId).setInteractionCount(1).setLikeCount(liked ? 1 : 0)
        .setCooccurring(topEntries(weights)).build();
  }

  /** Adds a delta to the current statistics (null = none yet); the sketch keeps its top-N entries. */
  public ItemStats merge(ItemStats current, ItemStats delta) {
    if (current == null) {
      return ItemStats.newBuilder(delta).setCooccurring(topEntries(toMap(delta.getCooccurring()))).build();
    }
    Map<String, Double> weights = toMap(current.getCooccurring());
    for (CooccurrenceEntry e : delta.getCooccurring()) {
      weights.merge(e.getItemId(), e.getWeight(), Double::sum);
    }
    return ItemStats.newBuilder().setItemId(current.getItemId())
        .setInteractionCount(current.getInteractionCount() + delta.getInteractionCount())
        .setLikeCount(current.getLikeCount() + delta.getLikeCount())
        .setCooccurring(topEntries(weights)).build();
  }

  /** Recency-weighted co-occurrence of a candidate with a user's history (oldest first); 0 without stats. */
  public double score(ItemStats candidate, List<HistoryEntry> history) {
    if (candidate == null || candidate.getCooccurring().isEmpty() || history.isEmpty()) {
      return 0.0;
    }
    Map<String, Double> sketch = new HashMap<>();
    for (CooccurrenceEntry e : candidate.getCooccurring()) {
      sketch.put(e.getItemId(), e.getWeight());
    }
    double score = 0.0;
    double r = 1.0;
    for (int i = history.size() - 1; i >= 0; i--) {
      Double w = sketch.get(history.get(i).getItemId());
      if (w != null) {
        score += r * w;
      }
      r *= recency;
    }
    return score;
  }

  public int window() {
    return window;
  }

  public int topN() {
    return topN;
  }

  private static Map<String, Double> toMap(List<CooccurrenceEntry> entries) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (CooccurrenceEntry e : entries) {
      map.merge(e.getItemId(), e.getWeight(), Double::sum);
    }
    return map;
  }

  private List<CooccurrenceEntry> topEntries(Map<String, Double> weights) {
    List<CooccurrenceEntry> entries = new ArrayList<>(weights.size());
    weights.forEach((item, weight) -> entries.add(new CooccurrenceEntry(item, weight)));
    entries.sort(HEAVIEST_FIRST);
    return entries.size() > topN ? new ArrayList<>(entries.subList(0, topN)) : entries;
  }
}
