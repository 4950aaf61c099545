package io.starec.trainer.sft;

import static io.starec.trainer.Fixtures.completion;
import static io.starec.trainer.Fixtures.orderWithAt;
import static io.starec.trainer.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.starec.avro.ChatMessage;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.trainer.TrainerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SftScreenTest {

  private final SftScreen screen = new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS, Set.of(TaskKind.RANK));

  private static RewardRecord withCompletion(RewardRecord r, String completion) {
    return RewardRecord.newBuilder(r).setCompletion(completion).build();
  }

  @Test
  void aWellFormedTopRankedSampleIsAccepted() {
    SftScreen.Verdict v = screen.screen(record("g", 8, 0, 2));
    assertThat(v.accepted()).isTrue();
    assertThat(v.reasons()).isEmpty();
    assertThat(v.ndcgAt10()).isEqualTo(1 / (Math.log(3) / Math.log(2)));
  }

  @Test
  void belowTheNdcgThresholdIsRejected() {
    // rank 4: NDCG@10 = 1/log2(5) = 0.43 < 0.5
    assertThat(screen.screen(record("g", 8, 0, 4)).reasons()).containsExactly(RejectReason.LOW_NDCG);
  }

  @Test
  void aMissingChainOfThoughtIsRejected() {
    String noThink = completion(orderWithAt(20, 1, 1)).replaceAll("(?s)<think>.*</think>", "");
    assertThat(screen.screen(withCompletion(record("g", 8, 0, 1), noThink)).reasons())
        .contains(RejectReason.MISSING_THINK);
  }

  @Test
  void aPartialRankingIsIncompleteAndAPositiveOnlyAppendedIsNotFound() {
    // Given a completion that ranks only 5 candidates, none of them the positive
    String full = completion(orderWithAt(20, 1, 20));
    String firstFive = String.join("\n", full.lines().limit(6).toList());
    SftScreen.Verdict v = screen.screen(withCompletion(record("g", 8, 0, 1), firstFive));
    // Then the ranking is incomplete, the positive was not written by the model, and NDCG is 0
    assertThat(v.reasons()).contains(RejectReason.INCOMPLETE_RANKING, RejectReason.POSITIVE_NOT_FOUND,
        RejectReason.LOW_NDCG);
    assertThat(v.ndcgAt10()).isZero();
  }

  @Test
  void noNumberedLinesIsNoRanking() {
    String prose = "<think>The user likes and prefers dramas from their history.</think> I would pick the drama.";
    assertThat(screen.screen(withCompletion(record("g", 8, 0, 1), prose)).reasons())
        .contains(RejectReason.NO_RANKING, RejectReason.POSITIVE_NOT_FOUND);
  }

  @Test
  void reasoningWithoutPreferenceKeywordsIsRejected() {
    String flat = completion(orderWithAt(20, 1, 1))
        .replace("The user likes thoughtful dramas; their history shows a taste for older films.",
            "Sorting the candidate list by an arbitrary criterion now.")
        .replace("fits the user's taste", "ok");
    assertThat(screen.screen(withCompletion(record("g", 8, 0, 1), flat)).reasons())
        .containsExactly(RejectReason.NO_PREFERENCE_KEYWORDS);
  }

  @Test
  void everyFailedCheckIsReportedAndEmptyOutputIsRejected() {
    RewardRecord r = RewardRecord.newBuilder(record("g", 8, 0, 1)).setCompletion("").setGroundTruth("{oops")
        .setNdcgAt10(0.0).build();
    assertThat(screen.screen(r).reasons()).contains(RejectReason.EMPTY_COMPLETION, RejectReason.BAD_GROUND_TRUTH,
        RejectReason.MISSING_THINK, RejectReason.LOW_NDCG);
  }

  @Test
  void plainIdGroundTruthFallsBackToTheRecordsRank() {
    String ids = "{\"positive\": \"i1\", \"candidates\": [" + String.join(", ",
        java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "\"i" + i + "\"").toList()) + "]}";
    RewardRecord good = RewardRecord.newBuilder(record("g", 8, 0, 1)).setGroundTruth(ids).build();
    assertThat(screen.screen(good).accepted()).isTrue();
    RewardRecord missed = RewardRecord.newBuilder(record("g", 8, 0, 1)).setGroundTruth(ids).setPositiveRank(null)
        .setNdcgAt10(0).build();
    assertThat(screen.screen(missed).reasons()).contains(RejectReason.POSITIVE_NOT_FOUND, RejectReason.LOW_NDCG);
  }

  @Test
  void reflectionsNeedAnUpdatedDescription() {
    SftScreen both = new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS, Set.of(TaskKind.RANK, TaskKind.REFLECT));
    RewardRecord reflect = RewardRecord.newBuilder(record("g", 8, 0, 1)).setTask(TaskKind.REFLECT)
        .setCompletion("<think>The user rated the comedy low although I predicted they would like it.</think>\n"
            + "Updated User description: prefers slow dramas and dislikes broad comedies.")
        .build();
    assertThat(both.screen(reflect).accepted()).isTrue();
    RewardRecord noDescription = RewardRecord.newBuilder(reflect)
        .setCompletion("<think>The user rated the comedy low although I predicted they would like it.</think>")
        .build();
    assertThat(both.screen(noDescription).reasons()).containsExactly(RejectReason.NO_DESCRIPTION);
    assertThat(screen.screen(reflect).reasons()).containsExactly(RejectReason.TASK_EXCLUDED);
  }

  @Test
  void aMillionCharactersOfUnclosedThinkTagsAreScreenedWithoutHanging() {
    // Given a reflection of a million characters that opens a think block 140,000 times and never closes one (the
    // old lazy <think>(.*?)</think> scanned to the end from every open, on the uncapped completion: minutes)
    SftScreen both = new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS, Set.of(TaskKind.RANK, TaskKind.REFLECT));
    RewardRecord reflect = RewardRecord.newBuilder(record("g", 8, 0, 1)).setTask(TaskKind.REFLECT)
        .setCompletion("<think>".repeat(140_000) + "\nUpdated User description: prefers slow dramas.").build();

    // When it is screened
    SftScreen.Verdict v = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> both.screen(reflect));

    // Then it is rejected: a cut-off chain of thought and no description within the parser's input cap
    assertThat(v.reasons()).contains(RejectReason.MISSING_THINK, RejectReason.NO_DESCRIPTION);
  }

  @Test
  void aReflectionIsReadLikeTheGatewayReadsIt() {
    // Given a reflection with a draft marker inside the think block and markdown around the final one
    SftScreen both = new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS, Set.of(TaskKind.RANK, TaskKind.REFLECT));
    RewardRecord reflect = RewardRecord.newBuilder(record("g", 8, 0, 1)).setTask(TaskKind.REFLECT)
        .setCompletion("<think>Updated User description: draft. The user rated the comedy low.</think>\n"
            + "**Updated user description:** [prefers slow dramas and dislikes broad comedies.]").build();

    // When it is screened
    SftScreen.Verdict v = both.screen(reflect);

    // Then the chain of thought and the description after the think block are found
    assertThat(v.reasons()).isEmpty();
    assertThat(v.rationale()).startsWith("Updated User description: draft.");
  }

  @Test
  void promptsMustBeSharegptShaped() {
    ChatMessage sys = new ChatMessage("system", "s");
    ChatMessage user = new ChatMessage("user", "u");
    ChatMessage asst = new ChatMessage("assistant", "a");
    assertThat(SftScreen.promptShapeOk(List.of(sys, user))).isTrue();
    assertThat(SftScreen.promptShapeOk(List.of(user, asst, user))).isTrue();
    assertThat(SftScreen.promptShapeOk(List.of(sys))).isFalse();
    assertThat(SftScreen.promptShapeOk(List.of(sys, user, asst))).isFalse();
    assertThat(SftScreen.promptShapeOk(List.of(user, user))).isFalse();
  }
}
