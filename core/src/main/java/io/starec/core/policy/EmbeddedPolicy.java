package io.starec.core.policy;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.ReflectionInput;
import io.starec.avro.Sampling;
import io.starec.core.parse.TitleNormalizer;
import io.starec.core.prompt.PromptDomain;
import io.starec.core.prompt.SafeText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The embedded CPU policy (DESIGN §6): ranks candidates by a {@link LinearScorer} over {@link Feature}s and
 * answers in the paper's output format (a {@code <think>} rationale naming the signals that decided, then
 * "N. Title - explanation" lines), so its text goes through the same parser as an LLM's. At temperature 0
 * the ranking is the greedy sort; above 0 each rollout is a Plackett-Luce sample seeded by
 * {@link PlackettLuce#seed}. Reflection writes a bounded description from the discrepancy and the history
 * statistics. Pure: the only dependency is a {@link TextEmbedder}.
 */
public final class EmbeddedPolicy {

  /** Titles longer than this (the prompts' cap) are written with their candidate label. */
  static final int TITLE_CHARS = 120;
  public static final int MAX_DESCRIPTION_WORDS = 150;

  private final FeatureExtractor features;

  public EmbeddedPolicy(TextEmbedder embedder) {
    this.features = new FeatureExtractor(embedder);
  }

  /**
   * One ranking rollout.
   *
   * @param rollout index, 0 is served
   * @param text completion in the paper's format
   * @param order candidate indices, best first
   * @param scores scorer output by candidate index
   * @param logprob log-probability of {@code order} under Plackett-Luce at the sampling temperature
   *     (temperature 1 when greedy)
   */
  public record Rollout(int rollout, String text, int[] order, double[] scores, double logprob) {}

  /**
   * The rollouts of one task with what they were computed from, for the live learner.
   *
   * @param features the candidates' feature matrix (rows in candidate order)
   * @param temperature the sampling temperature (0 = greedy)
   */
  public record Ranking(FeatureExtractor.Features features, double temperature, List<Rollout> rollouts) {}

  /** Ranks a RANK task's candidates, {@code max(1, sampling.n)} rollouts. */
  public List<Rollout> rank(InferenceTask task, LinearScorer scorer) {
    return rankWithFeatures(task, scorer).rollouts();
  }

  /** {@link #rank(InferenceTask, LinearScorer)}, keeping the feature matrix. */
  public Ranking rankWithFeatures(InferenceTask task, LinearScorer scorer) {
    Sampling s = task.getSampling();
    int n = s == null ? 1 : Math.max(1, s.getN());
    double temperature = s == null ? 0 : s.getTemperature();
    Long seed = s == null ? null : s.getSeed();
    return rankWithFeatures(task.getMemory(), task.getCandidates(), PromptDomain.of(task.getDomain()), scorer, n,
        temperature, seed, task.getTaskId());
  }

  public List<Rollout> rank(MemorySnapshot memory, List<CandidateItem> candidates, PromptDomain domain,
      LinearScorer scorer, int n, double temperature, Long seed, String taskId) {
    return rankWithFeatures(memory, candidates, domain, scorer, n, temperature, seed, taskId).rollouts();
  }

  private Ranking rankWithFeatures(MemorySnapshot memory, List<CandidateItem> candidates, PromptDomain domain,
      LinearScorer scorer, int n, double temperature, Long seed, String taskId) {
    FeatureExtractor.Features f = features.extract(memory, candidates, domain);
    double[] scores = scorer.scores(f.values());
    double lpTemperature = temperature > 0 ? temperature : 1.0;
    List<Rollout> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int[] order = PlackettLuce.sample(scores, temperature, PlackettLuce.seed(seed, taskId, r));
      String text = write(candidates, f, scorer, order, temperature, r);
      out.add(new Rollout(r, text, order, scores, PlackettLuce.logProbability(order, scores, lpTemperature)));
    }
    return new Ranking(f, temperature, out);
  }

  /** The features of a candidate set, for trainers. */
  public FeatureExtractor.Features features(MemorySnapshot memory, List<CandidateItem> candidates,
      PromptDomain domain) {
    return features.extract(memory, candidates, domain);
  }

  private static String write(List<CandidateItem> candidates, FeatureExtractor.Features f, LinearScorer scorer,
      int[] order, double temperature, int rollout) {
    int n = candidates.size();
    int k = Feature.count();
    double[] mean = new double[k];
    for (double[] row : f.values()) {
      for (int j = 0; j < k; j++) {
        mean[j] += row[j] / Math.max(1, n);
      }
    }
    StringBuilder b = new StringBuilder("<think>\n");
    b.append("Signals that decided: ").append(decidingSignals(f.values(), mean, scorer)).append(".\n");
    b.append(tasteLine(f.taste())).append('\n');
    if (n > 0) {
      int top = order[0];
      b.append("Top pick ").append(SafeText.quote(candidates.get(top).getTitle(), 80)).append(": ")
          .append(explain(f.values()[top], mean, scorer)).append(".\n");
    }
    if (temperature > 0) {
      b.append(String.format(Locale.ROOT, "Sampled ranking %d at temperature %.2f.%n", rollout, temperature));
    }
    b.append("</think>\n");

    Map<String, Integer> titleCount = new HashMap<>();
    for (CandidateItem c : candidates) {
      titleCount.merge(TitleNormalizer.normalize(c.getTitle()), 1, Integer::sum);
    }
    for (int pos = 0; pos < order.length; pos++) {
      int i = order[pos];
      CandidateItem c = candidates.get(i);
      String title = SafeText.clean(c.getTitle(), TITLE_CHARS);
      String norm = TitleNormalizer.normalize(c.getTitle());
      boolean labelled = norm.isEmpty() || titleCount.get(norm) > 1 || c.getTitle().length() > TITLE_CHARS
          || !TitleNormalizer.normalize(title).equals(norm);
      b.append(pos + 1).append(". ");
      if (labelled) {
        b.append('[').append(i + 1).append("] ");
      }
      b.append(title.isEmpty() ? "(untitled)" : title).append(" - ").append(explain(f.values()[i], mean, scorer))
          .append('\n');
    }
    return b.toString();
  }

  /** The features whose weighted values vary most across the candidates. */
  private static String decidingSignals(double[][] x, double[] mean, LinearScorer scorer) {
    int k = Feature.count();
    double[] spread = new double[k];
    for (double[] row : x) {
      for (int j = 0; j < k; j++) {
        double d = scorer.weight(Feature.values()[j]) * (row[j] - mean[j]);
        spread[j] += d * d;
      }
    }
    Integer[] idx = new Integer[k];
    for (int j = 0; j < k; j++) {
      idx[j] = j;
    }
    java.util.Arrays.sort(idx, (a, c) -> Double.compare(spread[c], spread[a]));
    StringJoiner j = new StringJoiner(", ");
    for (int t = 0; t < 3 && t < k; t++) {
      Feature feat = Feature.values()[idx[t]];
      if (spread[idx[t]] <= 1e-12) {
        break;
      }
      j.add(String.format(Locale.ROOT, "%s (weight %.2f)", feat.key(), scorer.weight(feat)));
    }
    return j.length() == 0 ? "none (all candidates look alike)" : j.toString();
  }

  /** The two signals that moved this item most relative to the set mean. */
  private static String explain(double[] row, double[] mean, LinearScorer scorer) {
    int k = Feature.count();
    double[] c = new double[k];
    for (int j = 0; j < k; j++) {
      c[j] = scorer.weight(Feature.values()[j]) * (row[j] - mean[j]);
    }
    StringJoiner out = new StringJoiner("; ");
    boolean[] used = new boolean[k];
    for (int t = 0; t < 2; t++) {
      int best = -1;
      for (int j = 0; j < k; j++) {
        if (!used[j] && Math.abs(c[j]) > 0.01 && (best < 0 || Math.abs(c[j]) > Math.abs(c[best]))) {
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      used[best] = true;
      Feature f = Feature.values()[best];
      out.add(c[best] > 0 ? f.positive() : f.negative());
    }
    return out.length() == 0 ? "no signal stands out" : out.toString();
  }

  private static String tasteLine(UserTaste t) {
    StringBuilder b = new StringBuilder("Liked history: ").append(t.liked().size()).append(" of ")
        .append(t.historySize()).append(" recent items");
    Map<String, Double> genres = t.topLikedGenres(3);
    if (!genres.isEmpty()) {
      StringJoiner j = new StringJoiner(", ", ", mostly ", "");
      genres.forEach((g, share) -> j.add(SafeText.clean(g, 32) + String.format(Locale.ROOT, " (%.0f%%)", 100 * share)));
      b.append(j);
    }
    if (t.hasLikedYears()) {
      b.append(String.format(Locale.ROOT, ", around %d", Math.round(t.likedYearMean())));
    }
    return b.append('.').toString();
  }

  /**
   * A reflection completion: {@code <think>} with the discrepancy and history statistics, then
   * "Updated User description: ..." of at most {@value #MAX_DESCRIPTION_WORDS} words.
   */
  public String reflect(MemorySnapshot memory, ReflectionInput r, PromptDomain domain) {
    UserTaste t = UserTaste.of(memory);
    CandidateItem item = r.getItem();
    String title = "'" + SafeText.clean(item.getTitle(), 80).replace('\'', '’') + "'";
    String itemGenres = item.getGenres().isEmpty() ? "" : String.join(", ", item.getGenres().stream()
        .map(g -> SafeText.clean(g, 32)).toList());
    String what = title + (itemGenres.isEmpty() && item.getYear() == null ? ""
        : " (" + itemGenres + (item.getYear() != null ? (itemGenres.isEmpty() ? "" : ", ") + item.getYear() : "") + ")");
    Map<String, Double> liked = t.topLikedGenres(3);
    Map<String, Double> disliked = t.topDislikedGenres(2);

    StringBuilder think = new StringBuilder("<think>\n");
    think.append("Prediction: ranked ").append(title).append(' ').append(r.getPredictedRank()).append(" of ")
        .append(r.getCandidateCount()).append(r.getPredictedLiked() ? " (predicted liked)" : " (predicted not liked)")
        .append("; feedback: ").append(r.getActualLiked() ? "liked" : "not liked");
    if (r.getRating() != null) {
      think.append(String.format(Locale.ROOT, " (rated %.1f/5)", r.getRating()));
    }
    think.append(".\n").append(tasteLine(t)).append('\n');
    double itemAffinity = t.genreAffinity(item.getGenres(), true);
    think.append(String.format(Locale.ROOT, "Genre affinity of the item: %.2f; era affinity: %.2f.%n", itemAffinity,
        t.eraAffinity(item.getYear())));
    think.append("</think>\n");

    List<String> sentences = new ArrayList<>();
    String noun = domain.plural();
    if (!liked.isEmpty()) {
      sentences.add("Enjoys " + joinGenres(liked.keySet()) + " " + noun
          + (t.hasLikedYears() ? String.format(Locale.ROOT, ", mostly from around %d", Math.round(t.likedYearMean())) : "")
          + ".");
    } else if (t.hasLikedYears()) {
      sentences.add(String.format(Locale.ROOT, "Enjoys %s mostly from around %d.", noun, Math.round(t.likedYearMean())));
    }
    if (!disliked.isEmpty()) {
      sentences.add("Tends not to enjoy " + joinGenres(disliked.keySet()) + ".");
    }
    if (r.getActualLiked()) {
      sentences.add("Liked " + what + " although it was ranked " + r.getPredictedRank() + " of " + r.getCandidateCount()
          + (itemGenres.isEmpty() ? ", so similar " + noun + " deserve more weight."
              : ", so " + itemGenres + " " + noun + " deserve more weight than the history suggests."));
    } else {
      sentences.add("Did not enjoy " + what + " despite its high predicted rank ("
          + r.getPredictedRank() + " of " + r.getCandidateCount() + ")"
          + (itemGenres.isEmpty() ? ", so similar " + noun + " should rank lower."
              : ", so " + itemGenres + " " + noun + " should rank lower unless they match the liked genres."));
    }
    if (t.liked().size() > 0) {
      sentences.add("Recently liked " + t.liked().size() + " of the last " + t.historySize() + " " + noun + ".");
    }
    return think + "Updated User description: " + capWords(String.join(" ", sentences), MAX_DESCRIPTION_WORDS) + "\n";
  }

  private static String joinGenres(Iterable<String> genres) {
    List<String> g = new ArrayList<>();
    genres.forEach(x -> g.add(SafeText.clean(x, 32)));
    if (g.size() <= 1) {
      return String.join("", g);
    }
    return String.join(", ", g.subList(0, g.size() - 1)) + " and " + g.get(g.size() - 1);
  }

  static String capWords(String s, int maxWords) {
    String[] words = s.trim().split("\\s+");
    if (words.length <= maxWords) {
      return s.trim();
    }
    return String.join(" ", java.util.Arrays.copyOf(words, maxWords));
  }
}
