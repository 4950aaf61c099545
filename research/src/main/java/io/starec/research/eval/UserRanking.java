package io.starec.research.eval;

import java.util.List;
import java.util.Objects;

/**
 * A method's answer for one test user.
 *
 * @param ranking candidate item ids, best first (should be a full permutation of the candidates)
 * @param parseFailure the model output could not be parsed cleanly (the ranking was repaired)
 * @param degraded a fallback answered instead of the method (e.g. a deadline passed)
 */
public record UserRanking(String userId, List<String> ranking, boolean parseFailure, boolean degraded) {

  public UserRanking {
    Objects.requireNonNull(userId, "userId");
    ranking = List.copyOf(ranking);
  }

  public static UserRanking clean(String userId, List<String> ranking) {
    return new UserRanking(userId, ranking, false, false);
  }
}
