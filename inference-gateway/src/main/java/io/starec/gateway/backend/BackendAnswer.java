package io.starec.gateway.backend;

import java.util.List;

/**
 * A backend's answer to one task.
 *
 * @param completions one per rollout, in rollout order
 * @param modelVersion the model or policy version that produced them (read at call time: policies hot-swap)
 */
public record BackendAnswer(List<Completion> completions, String modelVersion) {

  public BackendAnswer {
    completions = List.copyOf(completions);
  }
}
