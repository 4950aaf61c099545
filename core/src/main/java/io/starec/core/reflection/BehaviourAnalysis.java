package io.starec.core.reflection;

import io.starec.avro.PendingRanking;
import io.starec.avro.RolloutRanking;
import java.util.List;
import java.util.Optional;

/**
 * The paper's behaviour analysis (section 4.1.3): the agent "predicted liked" an item it ranked within the top
 * {@code likeThreshold}; a discrepancy with the user's actual feedback triggers a reflection.
 */
public final class BehaviourAnalysis {

  public static final int DEFAULT_LIKE_THRESHOLD = 5;

  private final int likeThreshold;

  public BehaviourAnalysis(int likeThreshold) {
    if (likeThreshold < 1) {
      throw new IllegalArgumentException("like threshold must be >= 1, was " + likeThreshold);
    }
    this.likeThreshold = likeThreshold;
  }

  /** The prediction compared with the feedback. */
  public record Verdict(int predictedRank, int candidateCount, boolean predictedLiked, boolean actualLiked) {
    public boolean discrepancy() {
      return predictedLiked != actualLiked;
    }
  }

  /** A prediction the feedback contradicts, and the ranking that made it. */
  public record Discrepancy(PendingRanking ranking, Verdict verdict) {}

  /**
   * Behaviour analysis against the pending predictions: the latest agent ranking of the item, compared with the
   * feedback; empty when there is none or it agrees (then there is nothing to reflect on).
   */
  public Optional<Discrepancy> discrepancy(List<PendingRanking> pending, String itemId, boolean actualLiked) {
    return latestContaining(pending, itemId).flatMap(ranking -> analyse(ranking, itemId, actualLiked)
        .filter(Verdict::discrepancy).map(verdict -> new Discrepancy(ranking, verdict)));
  }

  /**
   * The most recent agent (not fallback) ranking whose candidates include the item, if any. Pending rankings are
   * kept oldest first.
   */
  public static Optional<PendingRanking> latestContaining(List<PendingRanking> pending, String itemId) {
    for (int i = pending.size() - 1; i >= 0; i--) {
      PendingRanking p = pending.get(i);
      if (!p.getDegraded() && p.getCandidateItemIds().contains(itemId)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The ranking the client was served: the greedy one of an explored request, else rollout 0, else the first. */
  public static List<String> servedRanking(PendingRanking ranking) {
    if (!ranking.getServedItemIds().isEmpty()) {
      return ranking.getServedItemIds();
    }
    RolloutRanking first = null;
    for (RolloutRanking r : ranking.getRollouts()) {
      if (r.getRollout() == 0) {
        return r.getRankedItemIds();
      }
      if (first == null) {
        first = r;
      }
    }
    return first == null ? ranking.getCandidateItemIds() : first.getRankedItemIds();
  }

  /** Compares the served prediction for {@code itemId} with the feedback; empty when the item was not ranked. */
  public Optional<Verdict> analyse(PendingRanking ranking, String itemId, boolean actualLiked) {
    List<String> served = servedRanking(ranking);
    int index = served.indexOf(itemId);
    if (index < 0) {
      return Optional.empty();
    }
    int rank = index + 1;
    return Optional.of(new Verdict(rank, ranking.getCandidateItemIds().size(), rank <= likeThreshold, actualLiked));
  }

  public int likeThreshold() {
    return likeThreshold;
  }
}
