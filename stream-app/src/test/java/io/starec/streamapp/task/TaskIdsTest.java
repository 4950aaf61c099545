package io.starec.streamapp.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskIdsTest {

  @Test
  void taskIdsComeFromWhatCausedTheTask() {
    assertThat(TaskIds.rank("u1", "r1")).isEqualTo("2:u1:r1:rank");
    assertThat(TaskIds.reflect("e1")).isEqualTo("e1:reflect");
  }

  @Test
  void twoUsersWithTheSameRequestIdHaveTwoTasksWhateverTheirIdsHold() {
    // the user id is length-prefixed: "a:b" + "c" and "a" + "b:c" cannot collide
    assertThat(TaskIds.rank("u1", "r1")).isNotEqualTo(TaskIds.rank("u2", "r1"));
    assertThat(TaskIds.rank("a:b", "c")).isNotEqualTo(TaskIds.rank("a", "b:c"));
  }

  @Test
  void seedsAreStableNonNegativeHashesOfTheTaskId() {
    // Kafka's murmur2 of the UTF-8 bytes, made positive: the same in every JVM, so a replay sends the same seeds
    assertThat(TaskIds.seed("r1:rank")).isEqualTo(TaskIds.stableHash("r1:rank")).isEqualTo(TaskIds.seed("r1:rank"));
    assertThat(TaskIds.seed("r1:rank")).isNotEqualTo(TaskIds.seed("r2:rank"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(TaskIds.stableHash("request-" + i)).isNotNegative();
    }
  }
}
