package io.starec.pipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.metric.Ndcg;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoStatsTest {

  private static RewardRecord reward(TaskKind task, int rollout, Integer positiveRank) {
    return RewardRecord.newBuilder().setRecordId("r").setTask(task).setGroupId("g").setRollout(rollout)
        .setGroupSize(rollout == 0 ? 1 : 8)
        .setUserId("u").setPromptMessages(List.of()).setCompletion("").setReward(0).setNdcgAt10(0)
        .setPositiveRank(positiveRank).setGroundTruth("{}").setTimestampMs(1).build();
  }

  @Test
  void ndcgIsTheMeanOverServedRankingsInPercent() {
    try (DemoStats stats = new DemoStats()) {
      // Given nothing resolved yet, there is no figure
      assertThat(stats.ndcgPercent(2)).isNaN();
      // When a served ranking hits at 3, one misses, and a rollout of an explored group and a REFLECT reward arrive
      stats.reward(reward(TaskKind.RANK, 0, 3));
      stats.reward(reward(TaskKind.RANK, 0, null));
      stats.reward(reward(TaskKind.RANK, 1, 1));
      stats.reward(reward(TaskKind.REFLECT, 0, 1));
      // Then only the two served rankings count, at K = 1, 5, 10, 20
      assertThat(stats.resolved.get()).isEqualTo(2);
      assertThat(stats.rewardRecords.get()).isEqualTo(4);
      assertThat(stats.ndcgPercent(0)).isZero();
      assertThat(stats.ndcgPercent(1)).isCloseTo(25.0, within(1e-12));
      assertThat(stats.ndcgPercent(2)).isCloseTo(100 * Ndcg.AT_10.ofRank(3) / 2, within(1e-12));
      assertThat(stats.ndcgPercent(3)).isCloseTo(25.0, within(1e-12));
    }
  }
}
