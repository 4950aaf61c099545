package io.starec.research.eval;

import java.util.List;

/** All rankings of one method for one seed. */
public record MethodRun(List<UserRanking> rankings) {

  public MethodRun {
    rankings = List.copyOf(rankings);
  }
}
