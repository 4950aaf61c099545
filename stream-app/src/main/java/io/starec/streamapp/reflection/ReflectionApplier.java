package io.starec.streamapp.reflection;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InflightTask;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.reflection.ReflectionRules;
import io.starec.streamapp.metrics.AppMetrics;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a reflection ends: its result replaces the user's preference description ({@link ReflectionRules}), the
 * reflection waits for the reward of the next ranking made with it (the indirect REFLECT reward), and the memory's
 * reflection log records what was predicted, what happened and the description before and after (the in-flight
 * task carries the first two from {@link ReflectionTrigger}).
 */
public final class ReflectionApplier {

  private static final Logger LOG = LoggerFactory.getLogger(ReflectionApplier.class);

  private final MemoryLimits limits;
  private final AppMetrics metrics;

  public ReflectionApplier(MemoryLimits limits, AppMetrics metrics) {
    this.limits = limits;
    this.metrics = metrics;
  }

  /**
   * The memory a REFLECT result rewrites; empty, and counted as failed, when it brings no updated description.
   *
   * @param memory the user's memory, read only when the result applies
   */
  public Optional<UserMemory> apply(InflightTask task, InferenceResult result, Supplier<UserMemory> memory) {
    InferenceOutput out = result.getOutputs().isEmpty() ? null : result.getOutputs().get(0);
    String description = out == null ? null : out.getUpdatedDescription();
    if (result.getError() != null || description == null || description.isBlank()) {
      LOG.debug("reflection {} not applied: {}", task.getTaskId(),
          result.getError() != null ? result.getError() : "no updated description");
      metrics.reflection("failed");
      return Optional.empty();
    }
    UserMemory reflected = ReflectionRules.applyReflection(memory.get(), description, task.getTaskId(),
        result.getPromptMessages(), out.getText(), task.getCreatedMs(), limits, task.getReflection());
    metrics.reflection("applied");
    return Optional.of(reflected);
  }
}
