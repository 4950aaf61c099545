package io.starec.streamapp.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.reflection.ReflectionRules;
import io.starec.schemas.json.AvroJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The inspector's view of what each user was answered: the last {@value #PER_USER} ranking responses (explanations,
 * rationale, backend, latency) of the {@value #MAX_USERS} most recently ranked users, each with the reward its served
 * rollout earned once ground truth arrived. Fed with every record the topology writes (see
 * {@code StreamTopology.build}); kept in this instance's heap only, so it starts empty after a restart or when a
 * rebalance moves a user here. The user's memory (pending predictions, reflections) is the durable part.
 */
public final class RecentRankings implements Consumer<SpecificRecord> {

  public static final int PER_USER = 5;
  public static final int MAX_USERS = 1_000;
  static final int RATIONALE_CAP = 2_000;
  static final int EXPLANATION_CAP = 300;

  /** A response as the inspector shows it; {@code outcome} stays null until the served rollout is rewarded. */
  public record Served(RankingResponse response, long observedMs, Outcome outcome) {}

  /** What a served ranking earned when its ground truth (a positive interaction) arrived. */
  public record Outcome(double reward, Integer positiveRank, double ndcgAt10, String positiveItemId,
      long timestampMs) {}

  private final LongSupplier clock;
  // access order: the least recently ranked user goes first
  private final LinkedHashMap<String, List<Served>> byUser = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<Served>> eldest) {
      return size() > MAX_USERS;
    }
  };

  public RecentRankings(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void accept(SpecificRecord record) {
    if (record instanceof RankingResponse r) {
      List<Served> served = byUser.computeIfAbsent(r.getUserId(), u -> new ArrayList<>());
      // the same request again: a reprocessed transaction (or a retried request) replaces its first answer
      served.removeIf(s -> s.response().getRequestId().equals(r.getRequestId()));
      served.add(0, new Served(trimmed(r), clock.getAsLong(), null));
      while (served.size() > PER_USER) {
        served.remove(served.size() - 1);
      }
    } else if (record instanceof RewardRecord r && r.getTask() == TaskKind.RANK && r.getRollout() == 0) {
      List<Served> served = byUser.get(r.getUserId());
      if (served == null) {
        return;
      }
      served.replaceAll(s -> s.response().getRequestId().equals(r.getRequestId())
          ? new Served(s.response(), s.observedMs(), outcome(r)) : s);
    }
  }

  /** The user's rankings, newest first; empty when this instance served none of them since it started. */
  public synchronized List<Served> of(String userId) {
    List<Served> served = byUser.get(userId);
    return served == null ? List.of() : List.copyOf(served);
  }

  private static Outcome outcome(RewardRecord r) {
    JsonNode truth;
    try {
      truth = AvroJson.MAPPER.readTree(r.getGroundTruth());
    } catch (java.io.IOException e) {
      truth = null; // the ground truth is ours; a broken one only loses the positive's id here
    }
    String positive = truth == null ? null : truth.path("positive").asText(null);
    return new Outcome(r.getReward(), r.getPositiveRank(), r.getNdcgAt10(), positive, r.getTimestampMs());
  }

  /** Long model text is cut: the inspector shows it, the training feed keeps it whole. */
  private static RankingResponse trimmed(RankingResponse r) {
    List<RankedItem> ranked = new ArrayList<>(r.getRanked().size());
    for (RankedItem item : r.getRanked()) {
      ranked.add(RankedItem.newBuilder(item)
          .setExplanation(ReflectionRules.capDescription(item.getExplanation(), EXPLANATION_CAP)).build());
    }
    return RankingResponse.newBuilder(r).setRanked(ranked)
        .setRationale(ReflectionRules.capDescription(r.getRationale(), RATIONALE_CAP)).build();
  }
}
