package io.starec.research.eval;

/** Callbacks of an evaluation run (progress bars, logs). All optional. */
public interface EvalListener {

  EvalListener NONE = new EvalListener() { };

  /** @param steps (method, seed) pairs to run; {@code users} test users each */
  default void runStarted(int steps, int users) { }

  default void stepStarted(String method, long seed, int users) { }

  default void usersRanked(int users) { }

  default void stepFinished(String method, SeedResult result) { }

  default void stepFailed(String method, long seed, Exception error) { }
}
