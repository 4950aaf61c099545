package io.starec.research.baseline;

import io.starec.research.protocol.EvalUser;

import java.util.List;

/** Ranks one test user's candidates from the user's history. Pure baselines implement this. */
@FunctionalInterface
public interface RankingMethod {

  /** A permutation of {@code user.candidates()}, best first. */
  List<String> rank(EvalUser user);
}
