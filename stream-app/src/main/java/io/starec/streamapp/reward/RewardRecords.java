package io.starec.streamapp.reward;

import io.starec.avro.Interaction;
import io.starec.avro.PendingRanking;
import io.starec.avro.RewardRecord;
import io.starec.avro.RolloutRanking;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.core.reflection.BehaviourAnalysis;
import io.starec.core.reflection.ReflectionRules;
import io.starec.core.reward.GroundTruth;
import io.starec.core.reward.RolloutScore;
import io.starec.streamapp.AppSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The records of the training feed. A positive interaction is the ground truth of every unresolved agent ranking
 * that had the item among its candidates: each rollout gets its rank reward (the G rollouts of an explored
 * ranking share one groupId), and a ranking made with a reflected description also rewards that reflection, with
 * the served rollout's reward (the paper's indirect memory reward).
 */
public final class RewardRecords {

  /** The records a positive interaction emits, in order, and the memory with their rankings resolved. */
  public record Resolution(UserMemory memory, List<RewardRecord> records) {}

  private final AppSettings settings;

  public RewardRecords(AppSettings settings) {
    this.settings = settings;
  }

  /**
   * Resolves the rankings a positive interaction is the ground truth of.
   *
   * @param titles an item's display title, null when it is not in the catalogue (for the ground truth)
   */
  public Resolution onPositive(UserMemory memory, Interaction event, long timestampMs,
      Function<String, String> titles) {
    String itemId = event.getItemId();
    List<RewardRecord> records = new ArrayList<>();
    List<String> resolved = new ArrayList<>();
    UserMemory result = memory;
    for (PendingRanking p : memory.getPending()) {
      if (p.getResolved() || p.getDegraded() || !p.getCandidateItemIds().contains(itemId)) {
        continue;
      }
      String groundTruth = GroundTruth.json(itemId, p.getCandidateItemIds(), titles);
      records.addAll(rankRewards(p, event, groundTruth, timestampMs));
      String reflectTaskId = result.getReflectRewardTaskId();
      if (reflectTaskId != null && reflectTaskId.equals(p.getReflectTaskId())) {
        records.add(reflectReward(result, p, event, groundTruth, timestampMs));
        result = ReflectionRules.clearReflectReward(result);
      }
      resolved.add(p.getTaskId());
    }
    return new Resolution(MemoryRules.markResolved(result, resolved), records);
  }

  /** One RANK record per rollout of the ranking, scored by where it put the positive item. */
  private List<RewardRecord> rankRewards(PendingRanking p, Interaction event, String groundTruth, long timestampMs) {
    List<RewardRecord> records = new ArrayList<>(p.getRollouts().size());
    for (RolloutRanking r : p.getRollouts()) {
      RolloutScore score = RolloutScore.of(r.getRankedItemIds(), event.getItemId());
      records.add(RewardRecord.newBuilder()
          .setRecordId(p.getGroupId() + ":" + r.getRollout() + ":" + TaskKind.RANK).setTask(TaskKind.RANK)
          .setGroupId(p.getGroupId()).setGroupSize(p.getRollouts().size()).setRollout(r.getRollout())
          .setUserId(event.getUserId()).setRequestId(p.getRequestId())
          .setPromptMessages(new ArrayList<>(p.getPromptMessages())).setCompletion(r.getCompletion())
          .setReward(score.reward()).setPositiveRank(score.positiveRankOrNull()).setNdcgAt10(score.ndcgAt10())
          .setGroundTruth(groundTruth).setModelVersion(p.getModelVersion())
          .setDataSource(settings.rankDataSource(p.getDataSource())).setTimestampMs(timestampMs)
          .setPolicyFeatures(r.getPolicyFeatures()).build());
    }
    return records;
  }

  /** The REFLECT record of the reflection awaiting its reward in {@code memory}: the served rollout's reward. */
  private RewardRecord reflectReward(UserMemory memory, PendingRanking p, Interaction event, String groundTruth,
      long timestampMs) {
    RolloutScore served = RolloutScore.of(BehaviourAnalysis.servedRanking(p), event.getItemId());
    String reflectTaskId = memory.getReflectRewardTaskId();
    return RewardRecord.newBuilder()
        .setRecordId(reflectTaskId + ":0:" + TaskKind.REFLECT).setTask(TaskKind.REFLECT)
        .setGroupId(reflectTaskId).setGroupSize(1).setRollout(0).setUserId(event.getUserId())
        .setRequestId(p.getRequestId()).setPromptMessages(new ArrayList<>(memory.getReflectPrompt()))
        .setCompletion(memory.getReflectCompletion()).setReward(served.reward())
        .setPositiveRank(served.positiveRankOrNull()).setNdcgAt10(served.ndcgAt10()).setGroundTruth(groundTruth)
        .setModelVersion(p.getModelVersion()).setDataSource(settings.reflectDataSource(p.getDataSource()))
        .setTimestampMs(timestampMs).build();
  }
}
