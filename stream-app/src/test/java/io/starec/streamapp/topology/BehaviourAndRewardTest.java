package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.avro.InferenceTask;
import io.starec.avro.InteractionType;
import io.starec.avro.RankingRequest;
import io.starec.avro.ReflectionInput;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.streamapp.AppSettings;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BehaviourAndRewardTest {

  /** The served ranking of r1: i1 first ... i20 last. */
  private static final List<String> RANKING = TopologyHarness.ids(1, 20);

  private final TopologyHarness h = new TopologyHarness();

  @BeforeEach
  void servedRanking() {
    // Given user u1 has a served ranking of 20 candidates awaiting feedback
    h.catalogue(25);
    h.profile("u1", "female", "25-34", "writer");
    h.rate("h1", "u1", "i21", 4, T0);
    h.request("r1", "u1", RANKING, T0 + 10);
    h.answer(h.tasks.readValue(), RANKING);
    h.responses.readValuesToList();
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aDiscrepancyAsksForAReflectionWithTheTableTwoInputs() {
    // When the user dislikes the item the agent ranked first (predicted liked)
    h.rate("e1", "u1", "i1", 1, T0 + 100);
    // Then a REFLECT task carries the memory, the item, the prediction and the feedback
    InferenceTask task = h.tasks.readValue();
    assertThat(task.getKind()).isEqualTo(TaskKind.REFLECT);
    assertThat(task.getTaskId()).isEqualTo("e1:reflect");
    assertThat(task.getGroupId()).isEqualTo("e1:reflect");
    assertThat(task.getMemory().getGender()).isEqualTo("female");
    assertThat(task.getMemory().getHistory()).hasSize(1);
    ReflectionInput r = task.getReflection();
    assertThat(r.getItem().getTitle()).isEqualTo("Movie 1");
    assertThat(r.getItem().getYear()).isEqualTo(1991);
    assertThat(r.getPredictedRank()).isEqualTo(1);
    assertThat(r.getCandidateCount()).isEqualTo(20);
    assertThat(r.getPredictedLiked()).isTrue();
    assertThat(r.getActualLiked()).isFalse();
    assertThat(r.getRating()).isEqualTo(1.0);
    assertThat(r.getInteractionType()).isEqualTo(InteractionType.RATE);
    assertThat(r.getRankingRequestId()).isEqualTo("r1");
    assertThat(h.inflight().get("e1:reflect")).isNotNull();
    // and the interaction still goes to history
    assertThat(h.memory("u1").getHistory()).hasSize(2);
  }

  @Test
  void aLikedItemTheAgentRankedLowIsADiscrepancyToo() {
    // When the user likes the item ranked 12th (predicted disliked)
    h.act("e1", "u1", "i12", InteractionType.PURCHASE, T0 + 100);
    // Then
    InferenceTask task = h.tasks.readValue();
    assertThat(task.getReflection().getPredictedLiked()).isFalse();
    assertThat(task.getReflection().getActualLiked()).isTrue();
    assertThat(task.getReflection().getPredictedRank()).isEqualTo(12);
  }

  @Test
  void agreementOnlyUpdatesHistory() {
    // When the feedback agrees with the prediction: liked the 3rd, disliked the 15th
    h.rate("e1", "u1", "i15", 2, T0 + 100);
    h.rate("e2", "u1", "i3", 5, T0 + 101);
    // Then no reflection is asked for
    assertThat(h.tasks.isEmpty()).isTrue();
    assertThat(h.memory("u1").getHistory()).hasSize(3);
    assertThat(h.memory("u1").getReflectionCount()).isZero();
  }

  @Test
  void positiveFeedbackEmitsTheRankRewardWithTheGroundTruth() {
    // When the user likes the item ranked 3rd
    h.rate("e1", "u1", "i3", 5, T0 + 100);
    // Then one RANK reward record with the paper's reward for rank 3
    KeyValue<String, RewardRecord> kv = h.rewards.readKeyValue();
    assertThat(h.rewards.isEmpty()).isTrue();
    RewardRecord r = kv.value;
    assertThat(kv.key).isEqualTo("2:u1:r1:rank");
    assertThat(r.getRecordId()).isEqualTo("2:u1:r1:rank:0:RANK");
    assertThat(r.getTask()).isEqualTo(TaskKind.RANK);
    assertThat(r.getGroupId()).isEqualTo("2:u1:r1:rank");
    assertThat(r.getGroupSize()).isEqualTo(1);
    assertThat(r.getRollout()).isZero();
    assertThat(r.getRequestId()).isEqualTo("r1");
    assertThat(r.getReward()).isEqualTo(0.5);
    assertThat(r.getPositiveRank()).isEqualTo(3);
    assertThat(r.getNdcgAt10()).isCloseTo(0.5, within(1e-12));
    assertThat(r.getGroundTruth()).startsWith("{\"positive\":\"i3\",\"candidates\":[{\"itemId\":\"i1\",\"title\":");
    assertThat(r.getDataSource()).isEqualTo("starec/live/rank");
    assertThat(r.getModelVersion()).isEqualTo("v1");
    assertThat(r.getCompletion()).isEqualTo("completion 0");
    assertThat(r.getPromptMessages()).hasSize(2);
    assertThat(r.getTimestampMs()).isEqualTo(T0 + 100);
    // and the ranking is resolved: a second positive does not reward it again
    assertThat(h.memory("u1").getPending().get(0).getResolved()).isTrue();
    h.rate("e2", "u1", "i4", 5, T0 + 101);
    assertThat(h.rewards.isEmpty()).isTrue();
  }

  @Test
  void aRequestThatNamesItsDataSourceLabelsItsRewards() {
    // Given a ranking request that names its data (as starec replay does with the dataset's name)
    h.requests.pipeInput("u2", RankingRequest.newBuilder().setRequestId("r2").setUserId("u2")
        .setCandidateItemIds(RANKING).setTimestampMs(T0 + 10).setDataSource("ml-1m").build(), T0 + 10);
    h.answer(h.tasks.readValue(), RANKING);
    // When its positive feedback arrives
    h.rate("e1", "u2", "i3", 5, T0 + 100);
    // Then its reward record carries that name, not the stream app's data.source.name (live, as for u1's r1)
    assertThat(h.rewards.readValue().getDataSource()).isEqualTo("starec/ml-1m/rank");
    h.rate("e2", "u1", "i3", 5, T0 + 100);
    assertThat(h.rewards.readValue().getDataSource()).isEqualTo("starec/live/rank");
  }

  @Test
  void aPositiveOutsideTheTopTwentyIsAMissAndTheTenthIsNeutral() {
    // Given a second user with the same 20-item ranking
    h.request("r2", "u2", RANKING, T0 + 10);
    h.answer(h.tasks.readValue(), RANKING);
    // When u1 likes the 20th and u2 the 10th
    h.rate("e1", "u1", "i20", 5, T0 + 100);
    h.rate("e2", "u2", "i10", 5, T0 + 100);
    // Then
    List<RewardRecord> rewards = h.rewards.readValuesToList();
    assertThat(rewards).extracting(RewardRecord::getReward).containsExactly(-0.5, 0.0);
    assertThat(rewards.get(0).getNdcgAt10()).isZero();
  }

  @Test
  void aReflectionUpdatesTheDescriptionAndTheNextRankingRewardsIt() {
    // Given a discrepancy and its reflection task
    h.rate("e1", "u1", "i1", 1, T0 + 100);
    InferenceTask reflect = h.tasks.readValue();
    // When the reflection result arrives
    h.reflect(reflect, "Prefers quiet dramas; dislikes broad comedies.");
    // Then the description is replaced and the reflection awaits its reward
    UserMemory m = h.memory("u1");
    assertThat(m.getDescription()).isEqualTo("Prefers quiet dramas; dislikes broad comedies.");
    assertThat(m.getReflectionCount()).isEqualTo(1);
    assertThat(m.getReflectRewardTaskId()).isEqualTo("e1:reflect");
    assertThat(h.count("starec.stream.reflections", "event", "applied")).isEqualTo(1);
    // and the reflection log says what was predicted (i1 ranked 1st), what happened (rated 1) and what changed
    assertThat(m.getReflections()).singleElement().satisfies(r -> {
      assertThat(r.getItemId()).isEqualTo("i1");
      assertThat(r.getPredictedRank()).isEqualTo(1);
      assertThat(r.getPredictedLiked()).isTrue();
      assertThat(r.getActualLiked()).isFalse();
      assertThat(r.getRating()).isEqualTo(1.0);
      assertThat(r.getDescriptionAfter()).isEqualTo(m.getDescription());
    });

    // When the next ranking (made with the new description) is resolved by a positive at rank 1
    h.request("r2", "u1", TopologyHarness.ids(2, 21), T0 + 200);
    InferenceTask next = h.tasks.readValue();
    assertThat(next.getMemory().getDescription()).startsWith("Prefers quiet dramas");
    h.answer(next, TopologyHarness.ids(2, 21));
    h.rate("e2", "u1", "i2", 5, T0 + 300);

    // Then it emits its RANK reward and one REFLECT reward with the same value
    List<KeyValue<String, RewardRecord>> rewards = h.rewards.readKeyValuesToList();
    assertThat(rewards).extracting(kv -> kv.value.getTask()).contains(TaskKind.RANK, TaskKind.REFLECT);
    RewardRecord rankForR2 = rewards.stream().map(kv -> kv.value)
        .filter(r -> r.getTask() == TaskKind.RANK && r.getGroupId().equals("2:u1:r2:rank")).findFirst().orElseThrow();
    KeyValue<String, RewardRecord> reflectKv = rewards.stream()
        .filter(kv -> kv.value.getTask() == TaskKind.REFLECT).findFirst().orElseThrow();
    RewardRecord reflectReward = reflectKv.value;
    assertThat(reflectKv.key).isEqualTo("e1:reflect");
    assertThat(reflectReward.getRecordId()).isEqualTo("e1:reflect:0:REFLECT");
    assertThat(reflectReward.getGroupId()).isEqualTo("e1:reflect");
    assertThat(reflectReward.getRollout()).isZero();
    assertThat(reflectReward.getReward()).isEqualTo(rankForR2.getReward()).isEqualTo(1.0);
    assertThat(reflectReward.getPromptMessages()).extracting(p -> p.getContent()).containsExactly("reflect");
    assertThat(reflectReward.getCompletion()).contains("Updated User description");
    assertThat(reflectReward.getDataSource()).isEqualTo("starec/live/reflect");
    assertThat(h.count("starec.stream.rewards", "task", "REFLECT")).isEqualTo(1);
    // and it is emitted once: the memory forgets the reflection
    assertThat(h.memory("u1").getReflectRewardTaskId()).isNull();
  }

  @Test
  void aRankingMadeBeforeTheReflectionDoesNotRewardIt() {
    // Given a reflection applied while r1 (made with the old description) is still pending
    h.rate("e1", "u1", "i1", 1, T0 + 100);
    h.reflect(h.tasks.readValue(), "New description.");
    // When r1 is resolved
    h.rate("e2", "u1", "i2", 5, T0 + 200);
    // Then only its RANK reward is emitted; the reflection still waits for a ranking that used it
    assertThat(h.rewards.readValuesToList()).extracting(RewardRecord::getTask).containsExactly(TaskKind.RANK);
    assertThat(h.memory("u1").getReflectRewardTaskId()).isEqualTo("e1:reflect");
  }

  @Test
  void aReflectionWithoutADescriptionChangesNothing() {
    h.rate("e1", "u1", "i1", 1, T0 + 100);
    h.reflect(h.tasks.readValue(), " ");
    assertThat(h.memory("u1").getDescription()).isEmpty();
    assertThat(h.memory("u1").getReflectRewardTaskId()).isNull();
    assertThat(h.count("starec.stream.reflections", "event", "failed")).isEqualTo(1);
  }

  @Test
  void withReflectionDisabledADiscrepancyOnlyUpdatesHistoryAndRewards() {
    try (TopologyHarness noReflection = new TopologyHarness(AppSettings.defaults().withReflectionEnabled(false))) {
      // Given a served ranking
      noReflection.catalogue(20);
      noReflection.request("r1", "u1", RANKING, T0);
      noReflection.answer(noReflection.tasks.readValue(), RANKING);
      // When the user likes the item ranked 12th
      noReflection.rate("e1", "u1", "i12", 5, T0 + 100);
      // Then no reflection, but the reward
      assertThat(noReflection.tasks.isEmpty()).isTrue();
      assertThat(noReflection.rewards.readValue().getReward()).isEqualTo(-0.5);
    }
  }

  @Test
  void pendingPredictionsExpireAfterTheirTtl() {
    // When feedback arrives after the pending TTL (1 day by default), a day later
    h.driver.advanceWallClockTime(java.time.Duration.ofMillis(86_400_000L + 1_000));
    h.rate("e1", "u1", "i1", 1, T0 + 86_400_000L + 1_000);
    // Then the old prediction is gone: no reflection, no reward
    assertThat(h.tasks.isEmpty()).isTrue();
    assertThat(h.memory("u1").getPending()).isEmpty();
  }
}
