package io.starec.core.policy;

import io.starec.avro.PolicyFeatures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link PolicyFeatures} an embedded-policy rollout logs for the live GRPO learner: what the policy saw (the
 * feature matrix), how it scored (pi_old) and what it did (the ranking as row indices). The gateway aligns the order
 * once, with {@link #alignedTo}, to the ranking it serves (the parsed, repaired one), since the learner must credit
 * exactly that action; stream-app carries them unchanged from the result to the reward records.
 */
public final class LoggedFeatures {

  private LoggedFeatures() {}

  /** Column names: every {@link Feature} key in ordinal order (the columns of {@link FeatureExtractor}). */
  public static List<String> names() {
    List<String> names = new ArrayList<>(Feature.count());
    for (Feature f : Feature.values()) {
      names.add(f.key());
    }
    return names;
  }

  /** The matrix row-major, rows in candidate order. */
  public static List<Double> values(double[][] x) {
    List<Double> values = new ArrayList<>(x.length * Feature.count());
    for (double[] row : x) {
      for (double v : row) {
        values.add(v);
      }
    }
    return values;
  }

  public static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  public static List<Integer> boxed(int[] v) {
    List<Integer> out = new ArrayList<>(v.length);
    for (int i : v) {
      out.add(i);
    }
    return out;
  }

  /**
   * One rollout's record. {@code names}, {@code itemIds}, {@code values} and {@code scores} are shared by the
   * rollouts of a task and are not copied (Avro records are not mutated after they are built).
   */
  public static PolicyFeatures of(List<String> names, List<String> itemIds, List<Double> values,
      List<Double> scores, int[] order, double temperature) {
    return PolicyFeatures.newBuilder().setNames(names).setItemIds(itemIds).setValues(values).setScores(scores)
        .setOrder(boxed(order)).setTemperature(temperature).build();
  }

  /**
   * What in {@code features} is not a finite number (a value, a score or the temperature), or null when
   * everything is: a NaN or an infinity would poison the learner's update and its checkpoint.
   */
  public static String nonFinite(PolicyFeatures features) {
    if (!Double.isFinite(features.getTemperature())) {
      return "temperature " + features.getTemperature();
    }
    List<Double> values = features.getValues();
    for (int i = 0; i < values.size(); i++) {
      if (!Double.isFinite(values.get(i))) {
        return "feature value " + values.get(i) + " at " + i;
      }
    }
    List<Double> scores = features.getScores();
    for (int i = 0; i < scores.size(); i++) {
      if (!Double.isFinite(scores.get(i))) {
        return "score " + scores.get(i) + " at " + i;
      }
    }
    return null;
  }

  /**
   * {@code features} with its order re-written as the rows of {@code ranking} (item ids, best first), or null
   * when they do not fit together: no features, a malformed matrix, or a ranking that is not a permutation of the
   * logged candidates. Returns {@code features} itself when the order already matches.
   */
  public static PolicyFeatures alignedTo(PolicyFeatures features, List<String> ranking) {
    if (features == null || ranking == null) {
      return null;
    }
    List<String> itemIds = features.getItemIds();
    int n = itemIds.size();
    int cols = features.getNames().size();
    if (n == 0 || ranking.size() != n || cols == 0 || features.getValues().size() != n * cols
        || !(features.getScores().isEmpty() || features.getScores().size() == n)) {
      return null;
    }
    Map<String, Integer> row = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      if (row.putIfAbsent(itemIds.get(i), i) != null) {
        return null;
      }
    }
    List<Integer> order = new ArrayList<>(n);
    boolean[] used = new boolean[n];
    for (String id : ranking) {
      Integer i = row.get(id);
      if (i == null || used[i]) {
        return null;
      }
      used[i] = true;
      order.add(i);
    }
    if (order.equals(features.getOrder())) {
      return features;
    }
    return PolicyFeatures.newBuilder(features).setOrder(order).build();
  }
}
