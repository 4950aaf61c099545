package io.starec.trainer.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ground truth carried by a reward record: {@code {"positive": itemId, "candidates": [...]}} where each
 * candidate is either {@code {"itemId": .., "title": ..}} or a plain id (both forms are accepted; numbers too).
 * Parsing never throws: a malformed value gives an empty Optional.
 */
public record ParsedGroundTruth(String positive, List<Candidate> candidates) {

  public record Candidate(String itemId, String title) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public List<String> candidateIds() {
    return candidates.stream().map(Candidate::itemId).toList();
  }

  public static Optional<ParsedGroundTruth> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        return Optional.empty();
      }
      String positive = text(root.get("positive"));
      if (positive == null) {
        positive = text(root.get("positiveItemId"));
      }
      if (positive == null || positive.isEmpty()) {
        return Optional.empty();
      }
      List<Candidate> candidates = new ArrayList<>();
      JsonNode list = root.get("candidates");
      if (list != null && list.isArray()) {
        for (JsonNode c : list) {
          if (c.isObject()) {
            String id = text(c.get("itemId"));
            if (id == null) {
              id = text(c.get("id"));
            }
            if (id != null) {
              String title = text(c.get("title"));
              candidates.add(new Candidate(id, title == null ? "" : title));
            }
          } else if (c.isTextual() || c.isNumber()) {
            candidates.add(new Candidate(c.asText(), ""));
          }
        }
      }
      return Optional.of(new ParsedGroundTruth(positive, List.copyOf(candidates)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    return n.asText();
  }
}
