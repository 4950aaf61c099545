package io.starec.core.policy;

import io.starec.avro.CandidateItem;
import io.starec.avro.MemorySnapshot;
import io.starec.core.prompt.PromptDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the {@link Feature} matrix of a candidate set for one user. All item texts, the liked and not-liked
 * history and the description are embedded in one {@link TextEmbedder#embed(List)} call.
 */
public final class FeatureExtractor {

  private final TextEmbedder embedder;

  public FeatureExtractor(TextEmbedder embedder) {
    this.embedder = embedder;
  }

  /** The features and the taste they were computed from. */
  public record Features(double[][] values, UserTaste taste) {

    public double get(int candidate, Feature f) {
      return values[candidate][f.ordinal()];
    }
  }

  /** The text embedded for an item: title, year and genres, or title, artist and categories. */
  public static String itemText(CandidateItem item, PromptDomain domain) {
    StringBuilder b = new StringBuilder(item.getTitle() == null ? "" : item.getTitle());
    if (domain == PromptDomain.MUSIC && item.getArtist() != null && !item.getArtist().isBlank()) {
      b.append(" by ").append(item.getArtist());
    }
    if (item.getYear() != null) {
      b.append(" (").append(item.getYear()).append(')');
    }
    if (!item.getGenres().isEmpty()) {
      b.append(". ").append(domain == PromptDomain.MUSIC ? "Category: " : "Genres: ")
          .append(String.join(", ", item.getGenres()));
    }
    String s = b.toString();
    return s.length() > 400 ? s.substring(0, 400) : s;
  }

  public Features extract(MemorySnapshot memory, List<CandidateItem> candidates, PromptDomain domain) {
    UserTaste taste = UserTaste.of(memory);
    int n = candidates.size();
    double[][] x = new double[n][Feature.count()];
    if (n == 0) {
      return new Features(x, taste);
    }
    List<String> texts = new ArrayList<>(n + taste.liked().size() + taste.disliked().size() + 1);
    for (CandidateItem c : candidates) {
      texts.add(itemText(c, domain));
    }
    for (CandidateItem c : taste.liked()) {
      texts.add(itemText(c, domain));
    }
    for (CandidateItem c : taste.disliked()) {
      texts.add(itemText(c, domain));
    }
    String description = memory.getDescription() == null ? "" : memory.getDescription().strip();
    if (!description.isEmpty()) {
      texts.add(description.length() > 2000 ? description.substring(0, 2000) : description);
    }
    float[][] e = embedder.embed(texts);
    int likedFrom = n;
    int dislikedFrom = likedFrom + taste.liked().size();
    float[] likedCentroid = centroid(e, likedFrom, taste.likedWeights());
    float[] dislikedCentroid = centroid(e, dislikedFrom, taste.dislikedWeights());
    float[] desc = description.isEmpty() ? null : e[e.length - 1];

    double maxCooc = 0;
    double maxPop = 0;
    for (CandidateItem c : candidates) {
      maxCooc = Math.max(maxCooc, Math.log1p(Math.max(0, c.getCooccurrence())));
      maxPop = Math.max(maxPop, Math.log1p(Math.max(0, c.getInteractionCount())));
    }
    for (int i = 0; i < n; i++) {
      CandidateItem c = candidates.get(i);
      double[] f = x[i];
      f[Feature.DESCRIPTION_SIM.ordinal()] = desc == null ? 0 : TextEmbedder.dot(e[i], desc);
      f[Feature.LIKED_SIM.ordinal()] = likedCentroid == null ? 0 : TextEmbedder.dot(e[i], likedCentroid);
      double best = 0;
      for (int k = 0; k < taste.liked().size(); k++) {
        best = Math.max(best, TextEmbedder.dot(e[i], e[likedFrom + k]));
      }
      f[Feature.LIKED_MAX_SIM.ordinal()] = best;
      f[Feature.DISLIKED_SIM.ordinal()] = dislikedCentroid == null ? 0 : TextEmbedder.dot(e[i], dislikedCentroid);
      f[Feature.COOCCURRENCE.ordinal()] = maxCooc > 0 ? Math.log1p(Math.max(0, c.getCooccurrence())) / maxCooc : 0;
      f[Feature.GENRE_AFFINITY.ordinal()] = taste.genreAffinity(c.getGenres(), true);
      f[Feature.GENRE_AVERSION.ordinal()] = taste.genreAffinity(c.getGenres(), false);
      f[Feature.ERA_AFFINITY.ordinal()] = taste.eraAffinity(c.getYear());
      f[Feature.POPULARITY.ordinal()] = maxPop > 0 ? Math.log1p(Math.max(0, c.getInteractionCount())) / maxPop : 0;
      f[Feature.LIKE_RATE.ordinal()] =
          (Math.max(0, c.getLikeCount()) + 1.0) / (Math.max(0, c.getInteractionCount()) + 2.0);
    }
    return new Features(x, taste);
  }

  /** Weighted mean of rows {@code from..from+w.size()}, re-normalised to unit length; null when empty. */
  private static float[] centroid(float[][] e, int from, List<Double> weights) {
    if (weights.isEmpty()) {
      return null;
    }
    float[] c = new float[e[from].length];
    for (int k = 0; k < weights.size(); k++) {
      float[] v = e[from + k];
      double w = weights.get(k);
      for (int d = 0; d < c.length; d++) {
        c[d] += (float) (w * v[d]);
      }
    }
    double norm = 0;
    for (float v : c) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      return null;
    }
    for (int d = 0; d < c.length; d++) {
      c[d] /= (float) norm;
    }
    return c;
  }
}
