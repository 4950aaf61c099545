package io.starec.streamapp.reflection;

import static io.starec.streamapp.reflection.ReflectionFixtures.ITEMS;
import static io.starec.streamapp.reflection.ReflectionFixtures.entry;
import static io.starec.streamapp.reflection.ReflectionFixtures.ids;
import static io.starec.streamapp.reflection.ReflectionFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.ReflectionInput;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.task.TaskIds;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReflectionTriggerTest {

  private static final long EVENT_MS = 1_000;
  private static final long WALL_MS = 5_000;

  private final AppMetrics metrics = AppMetrics.inMemory();
  private final ReflectionTrigger trigger = new ReflectionTrigger(AppSettings.defaults(), metrics);

  /** u1 watched i30, and the agent ranked i1..i20 for request r1 (i1..i5 "predicted liked"). */
  private static UserMemory memory() {
    UserMemory m = UserMemory.newBuilder(MemoryRules.cold("u1", null)).setDescription("Likes comedies.")
        .setHistory(List.of(entry("e0", "i30"))).build();
    return UserMemory.newBuilder(m).setPending(List.of(pending("r1", ids(20)))).build();
  }

  private static Interaction rating(String itemId, double rating) {
    return Interaction.newBuilder().setEventId("e1").setUserId("u1").setItemId(itemId).setType(InteractionType.RATE)
        .setRating(rating).setTimestampMs(EVENT_MS).build();
  }

  @Test
  void aContradictedPredictionAsksForAReflectTaskWithTheTableTwoInputs() {
    // Given i2 ranked 2nd (predicted liked)
    // When the user rates it 1 (not liked)
    ReflectionTrigger.Reflection reflection =
        trigger.onFeedback(memory(), rating("i2", 1.0), false, EVENT_MS, WALL_MS, ITEMS).orElseThrow();
    // Then the REFLECT task carries the description, the item, the prediction and the feedback
    InferenceTask task = reflection.task();
    assertThat(task.getTaskId()).isEqualTo("e1:reflect");
    assertThat(task.getKind()).isEqualTo(TaskKind.REFLECT);
    assertThat(task.getUserId()).isEqualTo("u1");
    assertThat(task.getMemory().getDescription()).isEqualTo("Likes comedies.");
    assertThat(task.getMemory().getHistoryItems()).extracting(CandidateItem::getCooccurrence).containsExactly(0.0);
    assertThat(task.getCandidates()).isEmpty();
    ReflectionInput input = task.getReflection();
    assertThat(input.getItem().getTitle()).isEqualTo("Movie i2");
    assertThat(input.getItem().getCooccurrence()).isEqualTo(1.0);
    assertThat(input.getPredictedRank()).isEqualTo(2);
    assertThat(input.getCandidateCount()).isEqualTo(20);
    assertThat(input.getPredictedLiked()).isTrue();
    assertThat(input.getActualLiked()).isFalse();
    assertThat(input.getRating()).isEqualTo(1.0);
    assertThat(input.getRankingRequestId()).isEqualTo("r1");
    // and one greedy sample, seeded by its id, due by the wall clock
    assertThat(task.getSampling().getN()).isEqualTo(1);
    assertThat(task.getSampling().getSeed()).isEqualTo(TaskIds.seed("e1:reflect"));
    assertThat(task.getCreatedMs()).isEqualTo(EVENT_MS);
    assertThat(task.getDeadlineMs()).isEqualTo(WALL_MS + AppSettings.DEFAULT_REFLECT_TIMEOUT_MS);
    // and its in-flight entry waits for the result
    InflightTask inflight = reflection.inflight();
    assertThat(inflight.getTaskId()).isEqualTo("e1:reflect");
    assertThat(inflight.getKind()).isEqualTo(TaskKind.REFLECT);
    assertThat(inflight.getRequest()).isNull();
    assertThat(inflight.getDeadlineMs()).isEqualTo(task.getDeadlineMs());
    // and carries the prediction and the feedback for the memory's reflection log
    assertThat(inflight.getReflection()).isEqualTo(input);
    assertThat(metrics.count("starec.stream.reflections", "event", "requested")).isEqualTo(1);
  }

  @Test
  void aConfirmedPredictionAnUnrankedItemOrDisabledReflectionAskForNothing() {
    // a top-5 item liked, a 10th-ranked item disliked: the prediction holds
    assertThat(trigger.onFeedback(memory(), rating("i2", 5.0), true, EVENT_MS, WALL_MS, ITEMS)).isEmpty();
    assertThat(trigger.onFeedback(memory(), rating("i10", 1.0), false, EVENT_MS, WALL_MS, ITEMS)).isEmpty();
    // an item no pending ranking holds
    assertThat(trigger.onFeedback(memory(), rating("i99", 1.0), false, EVENT_MS, WALL_MS, ITEMS)).isEmpty();
    // the no-reflection baseline
    ReflectionTrigger disabled = new ReflectionTrigger(AppSettings.defaults().withReflectionEnabled(false), metrics);
    assertThat(disabled.onFeedback(memory(), rating("i2", 1.0), false, EVENT_MS, WALL_MS, ITEMS)).isEmpty();
    assertThat(metrics.total("starec.stream.reflections")).isZero();
  }
}
