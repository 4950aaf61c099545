package io.starec.research.protocol;

/**
 * Which interactions a trained method may learn from. A test user's target (and, with
 * {@link ProtocolConfig.TargetPolicy#LAST_POSITIVE}, anything after it) is never included. Test
 * users' histories are included in both scopes: a model must have seen a user to score them (BPR
 * needs the user's factors), and the history is exactly what the ranking prompt gives an LLM too.
 */
public enum TrainingScope {
  /**
   * The paper's "sample": the sampled training users' last historyLength interactions plus the
   * test users' histories (historyLength - 1 interactions before the target).
   */
  SAMPLE,
  /**
   * The paper's "full": every interaction of every user that survived the filter (not truncated
   * to historyLength), less the test targets.
   */
  FULL
}
