package io.starec.research.learn;

import io.starec.core.policy.learn.RankingContext;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InteractionType;
import io.starec.avro.ItemStats;
import io.starec.avro.MemorySnapshot;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.Rating;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.Seeds;
import io.starec.research.protocol.TrainingScope;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.memory.PositiveRule;
import io.starec.core.policy.FeatureExtractor;
import io.starec.core.prompt.PromptDomain;
import io.starec.core.stats.Cooccurrence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The embedded policy's inputs computed offline the way stream-app computes them live, so an offline learner
 * sees the features the live policy sees: interactions replayed in time order; per user the last
 * {@link MemoryLimits#historySize()} entries with "liked" from the {@link PositiveRule}; per item the counts and
 * the sequence-aware co-occurrence sketch from {@link Cooccurrence#delta} / {@link Cooccurrence#merge} against
 * the user's history before the event (stream-app's IngestProcessor); candidates carry their counts and
 * {@link Cooccurrence#score} against the user's history (stream-app's Lookups). No preference descriptions
 * (no reflection offline), so description similarity is 0.
 *
 * <p>Replayed: the SAMPLE scope (training users' last window, test users' histories) less each training user's
 * last interaction, which is held out as that user's training target. Neither training nor test targets are
 * ever in the statistics.
 */
public final class OfflineFeatures {

  private final EvalData data;
  private final PositiveRule positive;
  private final Cooccurrence cooccurrence;
  private final MemoryLimits limits;
  private final PromptDomain domain;
  private final Map<String, ItemStats> stats = new HashMap<>();
  private final Map<String, List<HistoryEntry>> histories = new HashMap<>();
  private final Map<String, CandidateItem> metadata = new HashMap<>();
  private long events;

  public OfflineFeatures(EvalData data, PositiveRule positive, Cooccurrence cooccurrence, MemoryLimits limits,
                         PromptDomain domain) {
    this.data = data;
    this.positive = positive;
    this.cooccurrence = cooccurrence;
    this.limits = limits;
    this.domain = domain;
    replay();
  }

  /** Defaults of stream-app (rating > 3 is liked, history 40, co-occurrence window 10). */
  public static OfflineFeatures of(EvalData data) {
    PromptDomain domain = data.dataset().name().startsWith("cds") ? PromptDomain.MUSIC : PromptDomain.MOVIES;
    return new OfflineFeatures(data, PositiveRule.defaults(), Cooccurrence.defaults(), MemoryLimits.defaults(),
        domain);
  }

  private void replay() {
    Map<String, Rating> held = new HashMap<>();
    for (String u : data.trainUserIds()) {
      List<Rating> seq = data.sequence(u);
      if (!seq.isEmpty()) {
        held.put(u, seq.get(seq.size() - 1));
      }
    }
    for (Rating r : data.interactions(TrainingScope.SAMPLE)) {
      Rating h = held.get(r.userId());
      if (h != null && h.equals(r)) {
        continue; // the training target stays out of the statistics
      }
      ingest(r);
    }
  }

  private void ingest(Rating r) {
    List<HistoryEntry> history = histories.computeIfAbsent(r.userId(), k -> new ArrayList<>());
    boolean liked = positive.isPositive(type(r), r.rating());
    ItemStats delta = cooccurrence.delta(r.itemId(), liked, history);
    stats.put(r.itemId(), cooccurrence.merge(stats.get(r.itemId()), delta));
    history.add(entry(r, liked, events++));
    if (history.size() > limits.historySize()) {
      history.remove(0);
    }
  }

  private HistoryEntry entry(Rating r, boolean liked, long n) {
    return HistoryEntry.newBuilder().setEventId("offline-" + n).setItemId(r.itemId()).setType(type(r))
        .setRating(r.rating()).setLiked(liked).setTimestampMs(r.timestampMs()).build();
  }

  private static InteractionType type(Rating r) {
    return r.rating() != null ? InteractionType.RATE : InteractionType.CLICK;
  }

  /** The item's metadata as the item topic carries it (no statistics). */
  public CandidateItem item(String itemId) {
    return metadata.computeIfAbsent(itemId, id -> {
      DatasetItem d = data.dataset().items().get(id);
      return CandidateItem.newBuilder().setItemId(id).setTitle(d == null ? id : d.title())
          .setYear(d == null ? null : d.year()).setGenres(d == null ? new ArrayList<>() : new ArrayList<>(d.genres()))
          .setArtist(d == null ? null : d.artist()).build();
    });
  }

  /** A candidate with its statistics and co-occurrence with the history, as stream-app's Lookups builds it. */
  public CandidateItem candidate(String itemId, List<HistoryEntry> history) {
    CandidateItem.Builder b = CandidateItem.newBuilder(item(itemId));
    ItemStats s = stats.get(itemId);
    if (s != null) {
      b.setInteractionCount(s.getInteractionCount()).setLikeCount(s.getLikeCount())
          .setCooccurrence(cooccurrence.score(s, history));
    }
    return b.build();
  }

  /** The memory snapshot stream-app holds for the user after the replay (empty history for unseen users). */
  public MemorySnapshot memory(String userId) {
    List<HistoryEntry> history = histories.getOrDefault(userId, List.of());
    List<CandidateItem> items = new ArrayList<>(history.size());
    for (HistoryEntry e : history) {
      items.add(candidate(e.getItemId(), List.of()));
    }
    return MemorySnapshot.newBuilder().setUserId(userId).setDescription("").setHistory(new ArrayList<>(history))
        .setHistoryItems(items).build();
  }

  /** Features of a candidate list for a user, and the index of the positive. */
  public RankingContext context(String id, String userId, List<String> candidateIds, String positiveItemId,
                                FeatureExtractor extractor) {
    MemorySnapshot memory = memory(userId);
    List<CandidateItem> candidates = new ArrayList<>(candidateIds.size());
    for (String c : candidateIds) {
      candidates.add(candidate(c, memory.getHistory()));
    }
    double[][] x = extractor.extract(memory, candidates, domain).values();
    return new RankingContext(id, x, candidateIds.indexOf(positiveItemId));
  }

  /** The test case of a test user (its candidates and target), with the replayed memory. */
  public RankingContext testContext(EvalUser user, FeatureExtractor extractor) {
    return context(user.userId() + "@" + user.seed(), user.userId(), user.candidates(), user.targetItemId(),
        extractor);
  }

  /**
   * Training contexts: for each training user, its held-out last item plus {@code negatives} items drawn
   * uniformly from the items the user never interacted with (per (seed, user) stream, as the protocol draws
   * test negatives), shuffled.
   */
  public List<RankingContext> trainingContexts(long seed, int negatives, FeatureExtractor extractor) {
    List<RankingContext> out = new ArrayList<>();
    int numItems = data.numItems();
    for (String u : data.trainUserIds()) {
      List<Rating> seq = data.sequence(u);
      if (seq.size() < 2) {
        continue;
      }
      String target = seq.get(seq.size() - 1).itemId();
      Set<String> seen = new HashSet<>();
      for (Rating r : seq) {
        seen.add(r.itemId());
      }
      SplittableRandom random = Seeds.forUser(seed, "train:" + u);
      List<String> candidates = new ArrayList<>();
      candidates.add(target);
      Set<String> chosen = new HashSet<>();
      int guard = 0;
      while (chosen.size() < negatives && guard++ < 100_000) {
        String item = data.itemId(random.nextInt(numItems));
        if (!seen.contains(item) && chosen.add(item)) {
          candidates.add(item);
        }
      }
      Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
      out.add(context(u + "@" + seed, u, candidates, target, extractor));
    }
    return out;
  }

  public long eventsReplayed() {
    return events;
  }

  public int itemsWithStats() {
    return stats.size();
  }
}
