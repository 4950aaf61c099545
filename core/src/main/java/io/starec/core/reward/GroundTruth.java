package io.starec.core.reward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/** The ground truth of a resolved ranking as carried in RewardRecord.groundTruth and VeRL's reward_model. */
public final class GroundTruth {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GroundTruth() {}

  /**
   * {@code {"positive": itemId, "candidates": [{"itemId": .., "title": ..}, ...]}}, keys in this order, candidates in
   * prompt order. Titles are included because the VeRL reward (deploy/verl/starec_reward.py) matches completion lines
   * to candidates by title.
   *
   * @param titleOf the candidate's display title; an unknown item maps to its id
   */
  public static String json(String positiveItemId, List<String> candidateItemIds, Function<String, String> titleOf) {
    ObjectNode node = JSON.createObjectNode();
    node.put("positive", positiveItemId);
    ArrayNode candidates = node.putArray("candidates");
    for (String id : candidateItemIds) {
      String title = titleOf.apply(id);
      candidates.addObject().put("itemId", id).put("title", title == null ? id : title);
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ground truth", e);
    }
  }
}
