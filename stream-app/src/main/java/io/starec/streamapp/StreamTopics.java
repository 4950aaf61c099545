package io.starec.streamapp;

import io.starec.topics.Topics;
import java.util.Objects;

/**
 * The topic names the topology reads and writes. Usually all from one {@link Topics} registry; a replay can point
 * the inputs at a recorded log and the outputs somewhere fresh.
 *
 * @param itemStats compacted topic the item-stats aggregate is published to and read back as a global table
 */
public record StreamTopics(String interactions, String items, String users, String rankingRequests,
    String rankingResponses, String inferenceRequests, String inferenceResults, String trainingRewards, String dlq,
    String itemStats) {

  public StreamTopics {
    Objects.requireNonNull(interactions, "interactions");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(rankingRequests, "rankingRequests");
    Objects.requireNonNull(rankingResponses, "rankingResponses");
    Objects.requireNonNull(inferenceRequests, "inferenceRequests");
    Objects.requireNonNull(inferenceResults, "inferenceResults");
    Objects.requireNonNull(trainingRewards, "trainingRewards");
    Objects.requireNonNull(dlq, "dlq");
    Objects.requireNonNull(itemStats, "itemStats");
  }

  /** Every name from the registry. */
  public static StreamTopics from(Topics topics) {
    return new StreamTopics(topics.interactions().name(), topics.items().name(), topics.users().name(),
        topics.rankingRequests().name(), topics.rankingResponses().name(), topics.inferenceRequests().name(),
        topics.inferenceResults().name(), topics.trainingRewards().name(), topics.dlq().name(),
        topics.itemStats().name());
  }

  /** The same topics with the item-stats topic renamed. */
  public StreamTopics withItemStats(String name) {
    return new StreamTopics(interactions, items, users, rankingRequests, rankingResponses, inferenceRequests,
        inferenceResults, trainingRewards, dlq, name);
  }

  /** The same inputs, with the gateway loop (inference requests/results) on other topics. */
  public StreamTopics withInference(String requests, String results) {
    return new StreamTopics(interactions, items, users, rankingRequests, rankingResponses, requests, results,
        trainingRewards, dlq, itemStats);
  }

  /** The same inputs, with every output (responses, rewards, DLQ, item stats) on other topics. */
  public StreamTopics withOutputs(String responses, String rewards, String deadLetters, String stats) {
    return new StreamTopics(interactions, items, users, rankingRequests, responses, inferenceRequests,
        inferenceResults, rewards, deadLetters, stats);
  }
}
