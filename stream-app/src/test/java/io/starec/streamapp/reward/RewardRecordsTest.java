package io.starec.streamapp.reward;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.ChatMessage;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.PendingRanking;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RewardRecord;
import io.starec.avro.RolloutRanking;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.streamapp.AppSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardRecordsTest {

  private static final long NOW = 2_000;
  private static final List<String> CANDIDATES = List.of("i1", "i2", "i3", "i4", "i5", "i6");

  private final RewardRecords rewards = new RewardRecords(AppSettings.defaults().withDataSourceName("ml-1m"));

  /** Request {@code requestId}'s ranking: rollout r ranks i1 at position 1 + r. */
  private static PendingRanking ranking(String requestId, int rollouts, String reflectTaskId) {
    List<RolloutRanking> list = new ArrayList<>();
    for (int r = 0; r < rollouts; r++) {
      List<String> ids = new ArrayList<>(CANDIDATES);
      Collections.rotate(ids, r);
      list.add(RolloutRanking.newBuilder().setRollout(r).setRankedItemIds(ids).setCompletion("completion " + r)
          .setPolicyFeatures(r == 0 ? features() : null).build());
    }
    return PendingRanking.newBuilder().setRequestId(requestId).setTaskId(requestId + ":rank")
        .setGroupId(requestId + ":rank").setCreatedMs(0).setModelVersion("v1")
        .setCandidateItemIds(new ArrayList<>(CANDIDATES))
        .setPromptMessages(List.of(new ChatMessage("user", "rank for u1"))).setRollouts(list)
        .setReflectTaskId(reflectTaskId).build();
  }

  private static PolicyFeatures features() {
    return PolicyFeatures.newBuilder().setNames(List.of("popularity")).setItemIds(CANDIDATES)
        .setValues(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)).setOrder(List.of(0, 1, 2, 3, 4, 5)).build();
  }

  private static UserMemory memory(PendingRanking... pending) {
    return UserMemory.newBuilder(MemoryRules.cold("u1", null)).setPending(List.of(pending)).build();
  }

  private static Interaction liked(String itemId) {
    return Interaction.newBuilder().setEventId("e9").setUserId("u1").setItemId(itemId).setType(InteractionType.RATE)
        .setRating(5.0).setTimestampMs(NOW).build();
  }

  @Test
  void anExploredRankingGetsOneRankRecordPerRolloutSharingItsGroup() {
    // Given an explored ranking of 3 rollouts awaiting ground truth
    UserMemory memory = memory(ranking("r1", 3, null));
    // When the user likes i1 (rank 1, 2, 3 in rollouts 0, 1, 2)
    RewardRecords.Resolution resolution = rewards.onPositive(memory, liked("i1"), NOW, id -> "Movie " + id);
    // Then each rollout has its RANK record in one group of 3
    List<RewardRecord> records = resolution.records();
    assertThat(records).extracting(RewardRecord::getTask).containsOnly(TaskKind.RANK);
    assertThat(records).extracting(RewardRecord::getRecordId)
        .containsExactly("r1:rank:0:RANK", "r1:rank:1:RANK", "r1:rank:2:RANK");
    assertThat(records).extracting(RewardRecord::getGroupId).containsOnly("r1:rank");
    assertThat(records).extracting(RewardRecord::getGroupSize).containsOnly(3);
    assertThat(records).extracting(RewardRecord::getPositiveRank).containsExactly(1, 2, 3);
    assertThat(records).extracting(RewardRecord::getReward).containsExactly(1.0, 0.5, 0.5);
    RewardRecord first = records.get(0);
    assertThat(first.getUserId()).isEqualTo("u1");
    assertThat(first.getRequestId()).isEqualTo("r1");
    assertThat(first.getCompletion()).isEqualTo("completion 0");
    assertThat(first.getPromptMessages()).containsExactly(new ChatMessage("user", "rank for u1"));
    assertThat(first.getDataSource()).isEqualTo("starec/ml-1m/rank");
    assertThat(first.getModelVersion()).isEqualTo("v1");
    assertThat(first.getTimestampMs()).isEqualTo(NOW);
    assertThat(first.getGroundTruth()).startsWith("{\"positive\":\"i1\"").contains("Movie i6");
    assertThat(first.getPolicyFeatures()).isEqualTo(features());
    // and the ranking is resolved, its features gone from memory
    PendingRanking resolved = resolution.memory().getPending().get(0);
    assertThat(resolved.getResolved()).isTrue();
    assertThat(resolved.getRollouts()).allSatisfy(r -> assertThat(r.getPolicyFeatures()).isNull());
  }

  @Test
  void aRankingMadeWithAReflectionAlsoRewardsThatReflectionOnce() {
    // Given a reflection awaiting its reward, and two rankings made with its description
    UserMemory memory = UserMemory.newBuilder(memory(ranking("r1", 2, "e0:reflect"), ranking("r2", 1, "e0:reflect")))
        .setReflectRewardTaskId("e0:reflect").setReflectPrompt(List.of(new ChatMessage("user", "reflect")))
        .setReflectCompletion("Updated User description: likes i2").build();
    // When the user likes i2 (rank 2 in the served rollout of both)
    RewardRecords.Resolution resolution = rewards.onPositive(memory, liked("i2"), NOW, id -> null);
    // Then r1's RANK records come first, then one REFLECT record with its served rollout's reward, then r2's
    assertThat(resolution.records()).extracting(RewardRecord::getRecordId)
        .containsExactly("r1:rank:0:RANK", "r1:rank:1:RANK", "e0:reflect:0:REFLECT", "r2:rank:0:RANK");
    RewardRecord reflect = resolution.records().get(2);
    assertThat(reflect.getTask()).isEqualTo(TaskKind.REFLECT);
    assertThat(reflect.getGroupId()).isEqualTo("e0:reflect");
    assertThat(reflect.getGroupSize()).isEqualTo(1);
    assertThat(reflect.getRequestId()).isEqualTo("r1");
    assertThat(reflect.getReward()).isEqualTo(resolution.records().get(0).getReward());
    assertThat(reflect.getPositiveRank()).isEqualTo(2);
    assertThat(reflect.getPromptMessages()).containsExactly(new ChatMessage("user", "reflect"));
    assertThat(reflect.getCompletion()).isEqualTo("Updated User description: likes i2");
    assertThat(reflect.getDataSource()).isEqualTo("starec/ml-1m/reflect");
    assertThat(reflect.getPolicyFeatures()).isNull();
    // and the reflection no longer awaits a reward
    assertThat(resolution.memory().getReflectRewardTaskId()).isNull();
    assertThat(resolution.memory().getReflectPrompt()).isEmpty();
    assertThat(resolution.memory().getPending()).allSatisfy(p -> assertThat(p.getResolved()).isTrue());
  }

  @Test
  void resolvedDegradedAndUnrelatedRankingsAreNotRewarded() {
    // Given a resolved ranking, a fallback one, and one without the item among its candidates
    PendingRanking resolved = PendingRanking.newBuilder(ranking("r1", 1, null)).setResolved(true).build();
    PendingRanking fallback = PendingRanking.newBuilder(ranking("r2", 1, null)).setDegraded(true).build();
    PendingRanking other = PendingRanking.newBuilder(ranking("r3", 1, null))
        .setCandidateItemIds(List.of("i7", "i8")).build();
    UserMemory memory = memory(resolved, fallback, other);
    // When the user likes i1
    RewardRecords.Resolution resolution = rewards.onPositive(memory, liked("i1"), NOW, id -> null);
    // Then there is nothing to reward and nothing changes
    assertThat(resolution.records()).isEmpty();
    assertThat(resolution.memory()).isEqualTo(memory);
  }
}
