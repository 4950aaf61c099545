package io.starec.core.ranking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes any proposed ranking a full permutation of the candidates: unknown ids and repeats are dropped, candidates
 * the ranking left out are appended in request order. The gateway already does this; stream-app repeats it because
 * a response must be a permutation whatever arrives on the results topic.
 */
public final class RankingRepair {

  private RankingRepair() {}

  /** A permutation of the candidates, and what had to be repaired (empty when nothing). */
  public record Repaired(List<String> ranking, List<String> issues) {
    public boolean changed() {
      return !issues.isEmpty();
    }
  }

  public static Repaired repair(List<String> candidates, List<String> proposed) {
    Set<String> allowed = new HashSet<>(candidates);
    LinkedHashSet<String> ranked = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    List<String> repeated = new ArrayList<>();
    for (String id : proposed) {
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
    List<String> ranking = new ArrayList<>(ranked);
    ranking.addAll(missing);
    List<String> issues = new ArrayList<>();
    if (!unknown.isEmpty()) {
      issues.add("stream-app dropped ids that are not candidates: " + unknown);
    }
    if (!repeated.isEmpty()) {
      issues.add("stream-app dropped repeated ids: " + repeated);
    }
    if (!missing.isEmpty()) {
      issues.add("stream-app appended unranked candidates: " + missing);
    }
    return new Repaired(ranking, issues);
  }
}
