package io.starec.gateway.backend;

import io.starec.avro.PolicyFeatures;

/**
 * One rollout's raw completion.
 *
 * @param rollout index, 0 is served
 * @param text the completion (untrusted; it goes through the parser)
 * @param logprob log-probability when the backend reports one, else null
 * @param scores per-candidate scores by candidate index (embedded policy), else null
 * @param features what the embedded policy saw, scored and sampled (its {@code order} is the sampled ranking), for
 *     the live learner; else null. The gateway aligns it to the parsed ranking it serves.
 */
public record Completion(int rollout, String text, Double logprob, double[] scores, PolicyFeatures features) {

  /** A completion without policy features (LLM backends, reflections). */
  public Completion(int rollout, String text, Double logprob, double[] scores) {
    this(rollout, text, logprob, scores, null);
  }
}
