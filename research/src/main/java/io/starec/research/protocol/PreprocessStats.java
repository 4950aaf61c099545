package io.starec.research.protocol;

import java.util.List;

/**
 * What preprocessing did, for reports.
 *
 * @param filterRounds passes of the interaction-count filter (FIXPOINT: until a pass removes nothing)
 * @param eligibleUsers users with a target and at least one history interaction
 * @param notes adjustments made (e.g. fewer users than requested)
 */
public record PreprocessStats(
    long rawInteractions,
    int rawUsers,
    int rawItems,
    long interactions,
    int users,
    int items,
    int filterRounds,
    int eligibleUsers,
    int testUsers,
    int trainUsers,
    List<String> notes) {

  public PreprocessStats {
    notes = List.copyOf(notes);
  }
}
