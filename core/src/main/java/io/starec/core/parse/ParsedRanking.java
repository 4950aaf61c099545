package io.starec.core.parse;

import io.starec.avro.RankedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed ranking: always a full permutation of the candidates.
 *
 * @param rationale the {@code <think>} text
 * @param entries one per candidate, rank 1 first
 * @param issues what the parser repaired, each "code: detail" (codes are listed on {@link RankingParser})
 * @param hallucinated lines that matched no candidate
 * @param duplicates lines that named an already ranked candidate
 * @param appended candidates the completion did not rank, put at the tail
 */
public record ParsedRanking(String rationale, List<Entry> entries, List<String> issues, int hallucinated,
                            int duplicates, int appended) {

  /**
   * One position.
   *
   * @param itemId candidate id
   * @param candidateIndex 0-based index in the candidate list
   * @param rank 1-based
   * @param explanation the model's short reason; empty for appended entries
   * @param appended true when the parser added it
   */
  public record Entry(String itemId, int candidateIndex, int rank, String explanation, boolean appended) {}

  public ParsedRanking {
    entries = List.copyOf(entries);
    issues = List.copyOf(issues);
  }

  public List<String> itemIds() {
    List<String> ids = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      ids.add(e.itemId());
    }
    return ids;
  }

  /** Candidate indices in rank order. */
  public int[] order() {
    int[] order = new int[entries.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = entries.get(i).candidateIndex();
    }
    return order;
  }

  /** Avro positions; {@code scores} by candidate index, or null when the backend has none. */
  public List<RankedItem> toRankedItems(double[] scores) {
    List<RankedItem> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      Double score = scores == null || e.candidateIndex() >= scores.length ? null : scores[e.candidateIndex()];
      out.add(RankedItem.newBuilder().setItemId(e.itemId()).setRank(e.rank()).setScore(score)
          .setExplanation(e.explanation()).build());
    }
    return out;
  }

  /** True when nothing had to be repaired beyond a missing think block. */
  public boolean clean() {
    return hallucinated == 0 && duplicates == 0 && appended == 0;
  }

  /** The code of an issue ("hallucinated: line 3 ..." -> "hallucinated"). */
  public static String code(String issue) {
    int colon = issue.indexOf(':');
    return colon < 0 ? issue : issue.substring(0, colon);
  }
}
