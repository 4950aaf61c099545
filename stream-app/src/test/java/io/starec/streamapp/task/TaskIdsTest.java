package io.starec.streamapp.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskIdsTest {

  @Test
  void taskIdsComeFromWhatCausedTheTask() {
    assertThat(TaskIds.rank("r1")).isEqualTo("r1:rank");
    assertThat(TaskIds.reflect("e1")).isEqualTo("e1:reflect");
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
