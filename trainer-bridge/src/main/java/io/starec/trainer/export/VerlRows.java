package io.starec.trainer.export;

import io.starec.avro.ChatMessage;
import io.starec.avro.RewardRecord;
import io.starec.trainer.group.GroupMember;
import io.starec.trainer.group.GrpoGroup;
import java.util.ArrayList;
import java.util.List;

/** Maps a closed GRPO group to its VeRL row. */
public final class VerlRows {

  private VerlRows() {}

  /**
   * @param index VeRL's extra_info.index, unique across the export
   * @param split e.g. "train"
   */
  public static VerlRow of(GrpoGroup group, long index, String split) {
    List<GroupMember> members = group.members();
    RewardRecord first = members.get(0).record();
    List<VerlRow.Message> prompt = new ArrayList<>();
    for (ChatMessage m : first.getPromptMessages()) {
      prompt.add(new VerlRow.Message(m.getRole(), m.getContent()));
    }
    List<String> completions = new ArrayList<>();
    List<Double> rewards = new ArrayList<>();
    List<Double> advantages = new ArrayList<>();
    List<Integer> rollouts = new ArrayList<>();
    List<String> recordIds = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<Double> ndcg = new ArrayList<>();
    long timestamp = 0;
    for (int i = 0; i < members.size(); i++) {
      RewardRecord r = members.get(i).record();
      completions.add(r.getCompletion());
      rewards.add(group.rewards()[i]);
      advantages.add(group.advantages()[i]);
      rollouts.add(r.getRollout());
      recordIds.add(r.getRecordId());
      ranks.add(r.getPositiveRank() == null ? 0 : r.getPositiveRank());
      ndcg.add(r.getNdcgAt10());
      timestamp = Math.max(timestamp, r.getTimestampMs());
    }
    VerlRow.ExtraInfo extra = new VerlRow.ExtraInfo(index, split, first.getUserId(), first.getGroupId(),
        first.getTask().name(), first.getRequestId(), first.getModelVersion(), group.expectedSize(),
        group.partial(), rollouts, recordIds, ranks, ndcg, timestamp);
    return new VerlRow(first.getDataSource(), prompt, VerlRow.ABILITY,
        new VerlRow.RewardModel("rule", first.getGroundTruth()), extra, completions, rewards, advantages);
  }

  /** True when every member has the same prompt (VeRL assumes one prompt per group). */
  public static boolean samePrompt(GrpoGroup group) {
    List<ChatMessage> p0 = group.members().get(0).record().getPromptMessages();
    return group.members().stream().allMatch(m -> m.record().getPromptMessages().equals(p0));
  }

  /** Rough in-memory size of a row, used to roll Parquet files whose compressed size is known only at close. */
  public static long estimateBytes(VerlRow row) {
    long n = 64;
    for (VerlRow.Message m : row.prompt()) {
      n += m.role().length() + m.content().length() + 8;
    }
    for (String c : row.completions()) {
      n += c.length() + 8;
    }
    n += row.rewardModel().groundTruth().length();
    n += row.completions().size() * 40L;
    return n;
  }
}
