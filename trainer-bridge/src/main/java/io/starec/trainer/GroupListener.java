package io.starec.trainer;

import io.starec.trainer.group.GrpoGroup;

/** Gets every trainable group after it was handed to the exports (the embedded learner listens here). */
@FunctionalInterface
public interface GroupListener {

  void onGroup(GrpoGroup group, long nowMs) throws Exception;

  /** Called from the poll loop between polls (e.g. to publish an update that is due). */
  default void tick(long nowMs) throws Exception {}

  default void close() {}
}
