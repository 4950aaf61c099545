package io.starec.gateway.backend;

/**
 * One rollout's raw completion.
 *
 * @param rollout index, 0 is served
 * @param text the completion (untrusted; it goes through the parser)
 * @param logprob log-probability when the backend reports one, else null
 * @param scores per-candidate scores by candidate index (embedded policy), else null
 */
public record Completion(int rollout, String text, Double logprob, double[] scores) {}
