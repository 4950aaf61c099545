package io.starec.core.ranking;

/** Rollout indices of an inference result (InferenceOutput.rollout). */
public final class Rollouts {

  /**
   * The greedy ranking an explored SERVE request asks for besides its sampled group (sampling.serveGreedy): served
   * to the client, not a member of the GRPO group (whose rollouts are 0..n-1).
   */
  public static final int GREEDY = -1;

  private Rollouts() {}
}
