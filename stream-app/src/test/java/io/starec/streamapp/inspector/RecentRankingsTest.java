package io.starec.streamapp.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.RankedItem;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentRankingsTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final RecentRankings recent = new RecentRankings(clock::get);

  private static RankingResponse response(String userId, String requestId, String explanation) {
    return RankingResponse.newBuilder().setRequestId(requestId).setUserId(userId)
        .setRanked(new ArrayList<>(List.of(
            RankedItem.newBuilder().setItemId("i2").setRank(1).setExplanation(explanation).build(),
            RankedItem.newBuilder().setItemId("i1").setRank(2).setExplanation("meh").build())))
        .setRationale("thinking " + requestId).setBackend("embedded").setModelVersion("v1").build();
  }

  private static RewardRecord reward(String userId, String requestId, TaskKind task, int rollout) {
    return RewardRecord.newBuilder().setRecordId(requestId + rollout).setTask(task).setGroupId(requestId)
        .setRollout(rollout).setUserId(userId).setRequestId(requestId).setPromptMessages(new ArrayList<>())
        .setCompletion("").setReward(1.0).setPositiveRank(1).setNdcgAt10(1.0)
        .setGroundTruth("{\"positive\":\"i2\",\"candidates\":[]}").setTimestampMs(7).build();
  }

  @Test
  void aServedRankingKeepsItsExplanationsAndLaterTheRewardItsServedRolloutEarned() {
    // Given a served response
    recent.accept(response("u1", "r1", "because it is noir"));
    assertThat(recent.of("u1")).singleElement().satisfies(s -> {
      assertThat(s.response().getRanked().get(0).getExplanation()).isEqualTo("because it is noir");
      assertThat(s.response().getRationale()).isEqualTo("thinking r1");
      assertThat(s.observedMs()).isEqualTo(1_000);
      assertThat(s.outcome()).isNull();
    });
    // When an explored rollout's reward and a reflection's arrive, then the served rollout's
    recent.accept(reward("u1", "r1", TaskKind.RANK, 3));
    recent.accept(reward("u1", "r1", TaskKind.REFLECT, 0));
    assertThat(recent.of("u1").get(0).outcome()).isNull();
    recent.accept(reward("u1", "r1", TaskKind.RANK, 0));
    // Then only the last one is the ranking's outcome
    RecentRankings.Outcome o = recent.of("u1").get(0).outcome();
    assertThat(o.reward()).isEqualTo(1.0);
    assertThat(o.positiveRank()).isEqualTo(1);
    assertThat(o.positiveItemId()).isEqualTo("i2");
    assertThat(o.timestampMs()).isEqualTo(7);
  }

  @Test
  void eachUserKeepsTheLastFiveNewestFirstAndARepeatReplacesItsAnswer() {
    for (int i = 1; i <= 7; i++) {
      recent.accept(response("u1", "r" + i, "x"));
    }
    recent.accept(response("u1", "r6", "again"));
    assertThat(recent.of("u1")).extracting(s -> s.response().getRequestId())
        .containsExactly("r6", "r7", "r5", "r4", "r3");
    assertThat(recent.of("nobody")).isEmpty();
  }

  @Test
  void theLeastRecentlyRankedUsersGoFirstAndLongTextIsCut() {
    for (int u = 0; u <= RecentRankings.MAX_USERS; u++) {
      recent.accept(response("u" + u, "r", "y".repeat(1_000)));
    }
    assertThat(recent.of("u0")).isEmpty();
    assertThat(recent.of("u1")).hasSize(1);
    assertThat(recent.of("u1").get(0).response().getRanked().get(0).getExplanation())
        .hasSize(RecentRankings.EXPLANATION_CAP);
  }
}
