package io.starec.core.reward;

import io.starec.core.metric.Ndcg;
import java.util.List;
import java.util.OptionalInt;

/**
 * How one rollout's ranking scored against the ground truth: the positive item's rank, the paper's rank reward and
 * NDCG@10.
 */
public record RolloutScore(OptionalInt positiveRank, double reward, double ndcgAt10) {

  public static RolloutScore of(List<String> rankedItemIds, String positiveItemId) {
    OptionalInt rank = Ndcg.rankOf(rankedItemIds, positiveItemId);
    return new RolloutScore(rank, RankReward.of(rank), Ndcg.AT_10.ofRank(rank));
  }

  /** The rank, or null when the positive item was not in the ranking (the Avro field is nullable). */
  public Integer positiveRankOrNull() {
    return positiveRank.isPresent() ? positiveRank.getAsInt() : null;
  }
}
