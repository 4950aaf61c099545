package io.starec.trainer.sft;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.starec.avro.ChatMessage;
import io.starec.avro.RewardRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One LLaMA-Factory sharegpt sample: {@code conversations} of {from: human|gpt, value}, an optional
 * {@code system}; the other keys are provenance (LLaMA-Factory drops columns it does not map).
 */
public record SftExample(
    @JsonProperty("conversations") List<Turn> conversations,
    @JsonProperty("system") String system,
    @JsonProperty("id") String id,
    @JsonProperty("user_id") String userId,
    @JsonProperty("group_id") String groupId,
    @JsonProperty("task") String task,
    @JsonProperty("data_source") String dataSource,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("ndcg_at_10") double ndcgAt10,
    @JsonProperty("reward") double reward) {

  /** One turn; sharegpt's default tags. */
  public record Turn(@JsonProperty("from") String from, @JsonProperty("value") String value) {}

  /** The record's prompt plus its completion as the final gpt turn (the prompt shape was screened). */
  public static SftExample of(RewardRecord r, double ndcg) {
    List<Turn> turns = new ArrayList<>();
    String system = "";
    for (ChatMessage m : r.getPromptMessages()) {
      switch (m.getRole()) {
        case "system" -> system = m.getContent();
        case "user" -> turns.add(new Turn("human", m.getContent()));
        default -> turns.add(new Turn("gpt", m.getContent()));
      }
    }
    turns.add(new Turn("gpt", r.getCompletion()));
    return new SftExample(turns, system, r.getRecordId(), r.getUserId(), r.getGroupId(), r.getTask().name(),
        r.getDataSource(), r.getModelVersion(), ndcg, r.getReward());
  }

  public long estimateBytes() {
    long n = system.length() + 200;
    for (Turn t : conversations) {
      n += t.value().length() + 24;
    }
    return n;
  }
}
