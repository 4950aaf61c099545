package io.starec.core.ranking;

import io.starec.avro.PolicyFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The contract of a RANK output, checked, never repaired: the gateway makes every ranking a full permutation of
 * the task's candidates and aligns the embedded policy's features to it, so whatever breaks it is a fault to
 * count, not a ranking to fix.
 */
public final class RankingCheck {

  private RankingCheck() {}

  /**
   * What keeps {@code ranking} from being a permutation of {@code candidates}: ids that are not candidates,
   * repeated ids, candidates left out; empty when it is one.
   */
  public static List<String> permutationViolations(List<String> candidates, List<String> ranking) {
    Set<String> allowed = new HashSet<>(candidates);
    Set<String> ranked = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (String id : ranking) {
      if (!allowed.contains(id)) {
        unknown.add(id);
      } else if (!ranked.add(id)) {
        repeated.add(id);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String id : new LinkedHashSet<>(candidates)) {
      if (!ranked.contains(id)) {
        missing.add(id);
      }
    }
    List<String> violations = new ArrayList<>();
    if (!unknown.isEmpty()) {
      violations.add("ids that are not candidates: " + unknown);
    }
    if (!repeated.isEmpty()) {
      violations.add("repeated ids: " + repeated);
    }
    if (!missing.isEmpty()) {
      violations.add("candidates left out: " + missing);
    }
    return violations;
  }

  /**
   * Why {@code features} do not describe {@code ranking}, or empty when they do: a well-formed matrix (rows =
   * item ids, columns = names, one score per row if any) whose order picks exactly the ranking's item ids, best
   * first. The learner credits that order, so features of any other ranking would train on an action never taken.
   */
  public static Optional<String> featuresViolation(PolicyFeatures features, List<String> ranking) {
    List<String> itemIds = features.getItemIds();
    int rows = itemIds.size();
    int cols = features.getNames().size();
    if (rows == 0 || cols == 0 || features.getValues().size() != rows * cols) {
      return Optional.of("the feature matrix is not " + rows + " rows x " + cols + " columns");
    }
    if (!features.getScores().isEmpty() && features.getScores().size() != rows) {
      return Optional.of(features.getScores().size() + " scores for " + rows + " rows");
    }
    List<Integer> order = features.getOrder();
    if (order.size() != ranking.size()) {
      return Optional.of("the order ranks " + order.size() + " rows, the ranking " + ranking.size() + " items");
    }
    boolean[] used = new boolean[rows];
    for (int k = 0; k < order.size(); k++) {
      int row = order.get(k);
      if (row < 0 || row >= rows || used[row]) {
        return Optional.of("rank " + (k + 1) + " is row " + row + " of " + rows + ", out of range or repeated");
      }
      used[row] = true;
      if (!itemIds.get(row).equals(ranking.get(k))) {
        return Optional.of("rank " + (k + 1) + " is " + itemIds.get(row) + " in the features, " + ranking.get(k)
            + " in the ranking");
      }
    }
    return Optional.empty();
  }
}
