package io.starec.trainer.learn;

import io.starec.avro.PolicyUpdate;

/**
 * Where new policy versions go (the compacted starec.policy.updates topic, keyed by policyName; signed when a
 * policy signing key is configured).
 */
@FunctionalInterface
public interface PolicyPublisher extends AutoCloseable {

  /** Publishes and waits until the update is acknowledged. */
  void publish(PolicyUpdate update) throws Exception;

  @Override
  default void close() {}
}
