package io.starec.streamapp.reflection;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InteractionType;
import io.starec.avro.PendingRanking;
import io.starec.avro.RolloutRanking;
import java.util.ArrayList;
import java.util.List;

/** Small builders of the reflection tests. */
final class ReflectionFixtures {

  /** Items titled "Movie &lt;id&gt;"; a candidate's co-occurrence is the length of the history it is scored against. */
  static final ReflectionTrigger.Items ITEMS = new ReflectionTrigger.Items() {
    @Override
    public CandidateItem candidate(String itemId, List<HistoryEntry> history) {
      return CandidateItem.newBuilder().setItemId(itemId).setTitle("Movie " + itemId).setCooccurrence(history.size())
          .build();
    }

    @Override
    public CandidateItem historyItem(String itemId) {
      return candidate(itemId, List.of());
    }
  };

  private ReflectionFixtures() {}

  /** Items i1..iN. */
  static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("i" + i);
    }
    return ids;
  }

  /** An agent ranking of request {@code requestId}, served as given. */
  static PendingRanking pending(String requestId, List<String> ranking) {
    return PendingRanking.newBuilder().setRequestId(requestId).setTaskId(requestId + ":rank")
        .setGroupId(requestId + ":rank").setCreatedMs(0).setCandidateItemIds(new ArrayList<>(ranking))
        .setRollouts(new ArrayList<>(List.of(RolloutRanking.newBuilder().setRollout(0)
            .setRankedItemIds(new ArrayList<>(ranking)).build())))
        .build();
  }

  static HistoryEntry entry(String eventId, String itemId) {
    return HistoryEntry.newBuilder().setEventId(eventId).setItemId(itemId).setType(InteractionType.RATE)
        .setRating(4.0).setLiked(true).setTimestampMs(0).build();
  }
}
