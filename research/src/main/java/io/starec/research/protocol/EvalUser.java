package io.starec.research.protocol;

import io.starec.research.dataset.Rating;
import java.util.List;
import java.util.Objects;

/**
 * One test case: a test user's history (chronological, at most historyLength - 1 interactions), the
 * ground-truth target and the shuffled candidates (the target plus the negatives) for one seed.
 */
public record EvalUser(String userId, List<Rating> history, Rating target, List<String> candidates, long seed) {

  public EvalUser {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(target, "target");
    history = List.copyOf(history);
    candidates = List.copyOf(candidates);
  }

  public String targetItemId() {
    return target.itemId();
  }

  public List<String> historyItemIds() {
    return history.stream().map(Rating::itemId).toList();
  }
}
