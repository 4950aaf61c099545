package io.starec.research.baseline;

import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A uniformly random permutation per (seed, user): the floor every method must beat. */
public final class RandomRanking implements RankingMethod {

  private final long seed;

  public RandomRanking(long seed) {
    this.seed = seed;
  }

  @Override
  public List<String> rank(EvalUser user) {
    List<String> out = new ArrayList<>(user.candidates());
    Collections.shuffle(out, new Random(Seeds.mix(seed, "random-ranking:" + user.userId())));
    return out;
  }
}
