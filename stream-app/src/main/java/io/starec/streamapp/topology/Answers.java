package io.starec.streamapp.topology;

import io.starec.avro.InflightTask;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.core.ranking.FallbackRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Ranking responses that are not the model's: the degraded fallback and the error answers. */
public final class Answers {

  static final String FALLBACK_BACKEND = "fallback";
  static final String FALLBACK_MODEL = "popularity";

  private Answers() {}

  /**
   * Wall-clock time since the stream app received the task's request. Never against createdMs: that is the
   * request's event time, years old for a replayed log.
   */
  static long latencyMs(InflightTask task, long wallNowMs) {
    return task.getReceivedMs() > 0 ? Math.max(0, wallNowMs - task.getReceivedMs()) : 0;
  }

  /** Candidates by popularity, flagged degraded; the reason goes to the rationale and the issues. */
  static RankingResponse fallback(RankingRequest request, String reason, ToLongFunction<String> popularity,
      long latencyMs) {
    List<String> ids = FallbackRanking.rank(request.getCandidateItemIds(), popularity);
    List<RankedItem> ranked = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      long count = popularity.applyAsLong(ids.get(i));
      ranked.add(RankedItem.newBuilder().setItemId(ids.get(i)).setRank(i + 1).setScore((double) count)
          .setExplanation("popular: " + count + " interactions").build());
    }
    return RankingResponse.newBuilder().setRequestId(request.getRequestId()).setUserId(request.getUserId())
        .setRanked(ranked).setRationale("Fallback ranking by popularity: " + reason)
        .setBackend(FALLBACK_BACKEND).setModelVersion(FALLBACK_MODEL).setDegraded(true)
        .setParseIssues(new ArrayList<>(List.of(reason))).setLatencyMs(Math.max(0, latencyMs)).build();
  }

  /** The request cannot be ranked at all (e.g. unknown candidates); nothing is ranked. */
  static RankingResponse error(RankingRequest request, String error, List<String> unknownItemIds) {
    return error(request.getRequestId(), request.getUserId(), error, unknownItemIds);
  }

  /** In place of a response that could not be written (e.g. above output.max.record.bytes): the same ids, why. */
  public static RankingResponse unwritable(RankingResponse failed, String error) {
    return error(failed.getRequestId(), failed.getUserId(), error, List.of());
  }

  private static RankingResponse error(String requestId, String userId, String error, List<String> unknownItemIds) {
    return RankingResponse.newBuilder().setRequestId(requestId).setUserId(userId)
        .setRanked(new ArrayList<>()).setRationale("").setBackend("").setModelVersion("").setDegraded(false)
        .setParseIssues(new ArrayList<>()).setLatencyMs(0).setError(error)
        .setUnknownItemIds(new ArrayList<>(unknownItemIds)).build();
  }
}
