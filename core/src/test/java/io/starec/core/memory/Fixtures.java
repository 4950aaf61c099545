package io.starec.core.memory;

import io.starec.avro.HistoryEntry;
import io.starec.avro.InteractionType;
import io.starec.avro.PendingRanking;
import io.starec.avro.RolloutRanking;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the core memory tests. */
public final class Fixtures {

  private Fixtures() {}

  public static HistoryEntry entry(String eventId, String itemId, long ts) {
    return HistoryEntry.newBuilder().setEventId(eventId).setItemId(itemId).setType(InteractionType.RATE)
        .setRating(4.0).setLiked(true).setTimestampMs(ts).build();
  }

  public static PendingRanking pending(String requestId, long createdMs, List<String> rankedIds) {
    return PendingRanking.newBuilder().setRequestId(requestId).setTaskId(requestId + ":rank")
        .setGroupId(requestId + ":rank").setCreatedMs(createdMs).setCandidateItemIds(new ArrayList<>(rankedIds))
        .setRollouts(new ArrayList<>(List.of(RolloutRanking.newBuilder().setRollout(0)
            .setRankedItemIds(new ArrayList<>(rankedIds)).build())))
        .build();
  }

  public static List<String> items(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("i" + i);
    }
    return ids;
  }
}
