package io.starec.trainer.sft;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.starec.avro.RewardRecord;
import java.util.List;

/**
 * A screened-out sample, listed for "prompt error + rethink" regeneration (paper 4.2.1): the ids to find the
 * prompt again on the training topic, what was wrong, and the positive item a teacher should be steered to.
 */
public record RejectedSample(
    @JsonProperty("record_id") String recordId,
    @JsonProperty("group_id") String groupId,
    @JsonProperty("rollout") int rollout,
    @JsonProperty("user_id") String userId,
    @JsonProperty("request_id") String requestId,
    @JsonProperty("task") String task,
    @JsonProperty("reasons") List<String> reasons,
    @JsonProperty("ndcg_at_10") double ndcgAt10,
    @JsonProperty("positive") String positive,
    @JsonProperty("model_version") String modelVersion,
    @JsonProperty("timestamp_ms") long timestampMs) {

  public static RejectedSample of(RewardRecord r, SftScreen.Verdict v, String positive) {
    return new RejectedSample(r.getRecordId(), r.getGroupId(), r.getRollout(), r.getUserId(), r.getRequestId(),
        r.getTask().name(), v.reasons().stream().map(RejectReason::code).toList(), v.ndcgAt10(),
        positive == null ? "" : positive, r.getModelVersion(), r.getTimestampMs());
  }
}
