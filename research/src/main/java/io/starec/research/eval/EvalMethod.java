package io.starec.research.eval;

/**
 * A method under evaluation, run once per seed over all prepared test users. This is the extension
 * point for methods that are not a pure function of one user: the live pipeline ({@code embedded},
 * {@code triton}) replays the training interactions and the test users' histories through Kafka,
 * asks for the rankings and reports per-user parse failures and degraded answers.
 * Baselines implement it through {@link BaselineMethod}.
 */
public interface EvalMethod {

  /** The name used on the command line and in reports (e.g. {@code bpr_full}). */
  String name();

  /**
   * Ranks every user of the request; returns one {@link UserRanking} per user, in any order. May
   * throw: the harness reports the method as failed and continues with the next one.
   */
  MethodRun run(EvalRequest request) throws Exception;
}
