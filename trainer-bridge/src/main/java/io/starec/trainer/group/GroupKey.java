package io.starec.trainer.group;

import io.starec.avro.TaskKind;

/**
 * Groups are keyed by task and groupId: a REFLECT reward may reuse the groupId of the ranking that scored it,
 * and the two must never be normalised together.
 */
public record GroupKey(TaskKind task, String groupId) {

  @Override
  public String toString() {
    return task + "/" + groupId;
  }
}
