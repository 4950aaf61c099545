package io.starec.research.eval;

import io.starec.research.baseline.RankingMethod;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An {@link EvalMethod} made of a training step per seed and a pure per-user {@link RankingMethod}. */
public final class BaselineMethod implements EvalMethod {

  /** Fits a ranking method on the prepared data for one seed. */
  @FunctionalInterface
  public interface Trainer {
    RankingMethod fit(EvalData data, long seed);
  }

  private final String name;
  private final Trainer trainer;

  public BaselineMethod(String name, Trainer trainer) {
    this.name = Objects.requireNonNull(name, "name");
    this.trainer = Objects.requireNonNull(trainer, "trainer");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public MethodRun run(EvalRequest request) {
    RankingMethod method = trainer.fit(request.data(), request.seed());
    List<UserRanking> rankings = new ArrayList<>(request.users().size());
    for (EvalUser user : request.users()) {
      rankings.add(UserRanking.clean(user.userId(), method.rank(user)));
      request.progress().advance(1);
    }
    return new MethodRun(rankings);
  }
}
