package io.starec.core.policy;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.MemorySnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * History statistics of one user, recency-weighted (the newest entry weighs 1, each older one {@value #DECAY}
 * times the next): liked and not-liked items, genre shares, the liked era.
 */
public final class UserTaste {

  public static final double DECAY = 0.9;

  private final List<CandidateItem> liked = new ArrayList<>();
  private final List<Double> likedWeights = new ArrayList<>();
  private final List<CandidateItem> disliked = new ArrayList<>();
  private final List<Double> dislikedWeights = new ArrayList<>();
  private final Map<String, Double> likedGenres = new HashMap<>();
  private final Map<String, Double> dislikedGenres = new HashMap<>();
  private final double likedYearMean;
  private final double likedYearStd;
  private final boolean hasLikedYears;
  private final int historySize;

  private UserTaste(MemorySnapshot memory) {
    List<HistoryEntry> history = memory.getHistory() == null ? List.of() : memory.getHistory();
    List<CandidateItem> items = memory.getHistoryItems() == null ? List.of() : memory.getHistoryItems();
    historySize = history.size();
    double w = 1.0;
    double likedTotal = 0;
    double dislikedTotal = 0;
    double ySum = 0;
    double ySq = 0;
    double yW = 0;
    for (int i = history.size() - 1; i >= 0; i--, w *= DECAY) {
      HistoryEntry e = history.get(i);
      CandidateItem item = i < items.size() && items.get(i).getItemId().equals(e.getItemId()) ? items.get(i) : null;
      if (item == null) {
        continue;
      }
      Map<String, Double> genres;
      if (e.getLiked()) {
        liked.add(item);
        likedWeights.add(w);
        likedTotal += w;
        genres = likedGenres;
        if (item.getYear() != null) {
          ySum += w * item.getYear();
          ySq += w * item.getYear() * (double) item.getYear();
          yW += w;
        }
      } else {
        disliked.add(item);
        dislikedWeights.add(w);
        dislikedTotal += w;
        genres = dislikedGenres;
      }
      for (String g : item.getGenres()) {
        genres.merge(genreKey(g), w, Double::sum);
      }
    }
    normalise(likedGenres, likedTotal);
    normalise(dislikedGenres, dislikedTotal);
    hasLikedYears = yW > 0;
    likedYearMean = hasLikedYears ? ySum / yW : 0;
    likedYearStd = hasLikedYears ? Math.sqrt(Math.max(0, ySq / yW - likedYearMean * likedYearMean)) : 0;
  }

  public static UserTaste of(MemorySnapshot memory) {
    return new UserTaste(memory);
  }

  static String genreKey(String g) {
    return g == null ? "" : g.trim().toLowerCase(Locale.ROOT);
  }

  private static void normalise(Map<String, Double> m, double total) {
    if (total > 0) {
      m.replaceAll((k, v) -> v / total);
    }
  }

  /** Liked history items, newest first. */
  public List<CandidateItem> liked() {
    return Collections.unmodifiableList(liked);
  }

  public List<Double> likedWeights() {
    return Collections.unmodifiableList(likedWeights);
  }

  /** Not-liked history items, newest first. */
  public List<CandidateItem> disliked() {
    return Collections.unmodifiableList(disliked);
  }

  public List<Double> dislikedWeights() {
    return Collections.unmodifiableList(dislikedWeights);
  }

  public int historySize() {
    return historySize;
  }

  /** Share of liked weight in {@code genre} (lower-cased key), 0..1. */
  public double likedGenreShare(String genre) {
    return likedGenres.getOrDefault(genreKey(genre), 0.0);
  }

  public double dislikedGenreShare(String genre) {
    return dislikedGenres.getOrDefault(genreKey(genre), 0.0);
  }

  /** Liked genres by share, largest first, with the original spelling of the newest liked item. */
  public Map<String, Double> topLikedGenres(int n) {
    return top(likedGenres, liked, n);
  }

  public Map<String, Double> topDislikedGenres(int n) {
    return top(dislikedGenres, disliked, n);
  }

  private static Map<String, Double> top(Map<String, Double> shares, List<CandidateItem> items, int n) {
    Map<String, String> spelling = new HashMap<>();
    for (CandidateItem it : items) {
      for (String g : it.getGenres()) {
        spelling.putIfAbsent(genreKey(g), g.trim());
      }
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(shares.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : sorted) {
      if (out.size() == n || e.getKey().isEmpty()) {
        break;
      }
      out.put(spelling.getOrDefault(e.getKey(), e.getKey()), e.getValue());
    }
    return out;
  }

  public boolean hasLikedYears() {
    return hasLikedYears;
  }

  public double likedYearMean() {
    return likedYearMean;
  }

  public double likedYearStd() {
    return likedYearStd;
  }

  /** Genre affinity of an item: mean and max of its genres' shares, averaged. */
  public double genreAffinity(List<String> genres, boolean likedSide) {
    if (genres == null || genres.isEmpty()) {
      return 0;
    }
    double sum = 0;
    double max = 0;
    for (String g : genres) {
      double s = likedSide ? likedGenreShare(g) : dislikedGenreShare(g);
      sum += s;
      max = Math.max(max, s);
    }
    return 0.5 * (sum / genres.size() + max);
  }

  /** Gaussian closeness of {@code year} to the liked years; the spread is at least 5 years. */
  public double eraAffinity(Integer year) {
    if (year == null || !hasLikedYears) {
      return 0;
    }
    double sd = Math.max(5.0, likedYearStd);
    double z = (year - likedYearMean) / sd;
    return Math.exp(-0.5 * z * z);
  }
}
