package io.starec.trainer.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.jerolba.carpet.annotation.Alias;
import java.util.List;

/**
 * One VeRL training row: one GRPO group (one prompt). The first five columns are VeRL's RLHFDataset schema
 * (data_source, prompt, ability, reward_model, extra_info); VeRL samples its own rollouts, so the logged ones
 * travel alongside as completions, rewards and advantages (aligned with extra_info.rollouts) for analysis and
 * off-policy use. Column names are snake_case through {@link Alias} (Parquet) and {@link JsonProperty} (JSON).
 */
public record VerlRow(
    @Alias("data_source") @JsonProperty("data_source") String dataSource,
    @JsonProperty("prompt") List<Message> prompt,
    @JsonProperty("ability") String ability,
    @Alias("reward_model") @JsonProperty("reward_model") RewardModel rewardModel,
    @Alias("extra_info") @JsonProperty("extra_info") ExtraInfo extraInfo,
    @JsonProperty("completions") List<String> completions,
    @JsonProperty("rewards") List<Double> rewards,
    @JsonProperty("advantages") List<Double> advantages) {

  public static final String ABILITY = "recommendation";

  /** A chat message, HF format. */
  public record Message(@JsonProperty("role") String role, @JsonProperty("content") String content) {}

  /** VeRL's rule-based reward spec; ground_truth is the record's JSON (positive item and candidates). */
  public record RewardModel(@JsonProperty("style") String style,
                            @Alias("ground_truth") @JsonProperty("ground_truth") String groundTruth) {}

  /**
   * Pass-through metadata; VeRL reads {@code index}, the reward function gets the rest.
   *
   * @param positiveRanks 1-based rank of the positive per rollout, 0 when it was not ranked
   * @param partial true when the group was flushed by the timeout before reaching groupSize
   */
  public record ExtraInfo(
      @JsonProperty("index") long index,
      @JsonProperty("split") String split,
      @Alias("user_id") @JsonProperty("user_id") String userId,
      @Alias("group_id") @JsonProperty("group_id") String groupId,
      @JsonProperty("task") String task,
      @Alias("request_id") @JsonProperty("request_id") String requestId,
      @Alias("model_version") @JsonProperty("model_version") String modelVersion,
      @Alias("group_size") @JsonProperty("group_size") int groupSize,
      @JsonProperty("partial") boolean partial,
      @JsonProperty("rollouts") List<Integer> rollouts,
      @Alias("record_ids") @JsonProperty("record_ids") List<String> recordIds,
      @Alias("positive_ranks") @JsonProperty("positive_ranks") List<Integer> positiveRanks,
      @Alias("ndcg_at_10") @JsonProperty("ndcg_at_10") List<Double> ndcgAt10,
      @Alias("timestamp_ms") @JsonProperty("timestamp_ms") long timestampMs) {}
}
