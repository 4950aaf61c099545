package io.starec.replay;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.DatasetUser;
import io.starec.research.dataset.Rating;
import io.starec.research.protocol.IdOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a replay publishes, held compactly (primitive arrays; ML-1M's million ratings take ~20 MB): the catalogue
 * (items, the replayed users' profiles) and the interactions in timestamp order (ties: user id order, then file
 * order), plus, per user, every item the user ever touched in the dataset (negatives for simulated rankings are
 * drawn outside it) and which events get a simulated ranking request first.
 *
 * <p>Datasets without timestamps (the AgentCF CDs subsets number their rows 0, 1, 2, ...) get a synthetic clock:
 * row {@code t} is published at 2000-01-01T00:00Z + t minutes, so event time is always a real, positive time.
 * Event ids keep the dataset's own timestamp.
 */
public final class ReplayLog {

  /** Timestamps below this (about 1970-01-12) are taken as logical row numbers, not epoch milliseconds. */
  static final long LOGICAL_TIME_LIMIT = 1_000_000_000L;
  static final long LOGICAL_EPOCH_MS = 946_684_800_000L; // 2000-01-01T00:00Z
  static final long LOGICAL_STEP_MS = 60_000L;

  /**
   * Which part of a dataset to replay.
   *
   * @param userLimit the first N users in id order (numeric ids by value) among those with interactions in the
   *     time window; 0 = all
   * @param fromMs inclusive lower bound on the dataset timestamp, or null
   * @param untilMs exclusive upper bound, or null
   */
  public record Selection(int userLimit, Long fromMs, Long untilMs) {
    public Selection {
      if (userLimit < 0) {
        throw new IllegalArgumentException("userLimit must be >= 0");
      }
      if (fromMs != null && untilMs != null && untilMs <= fromMs) {
        throw new IllegalArgumentException("until must be after from");
      }
    }

    public static Selection all() {
      return new Selection(0, null, null);
    }

    boolean inWindow(long t) {
      return (fromMs == null || t >= fromMs) && (untilMs == null || t < untilMs);
    }
  }

  private final String dataset;
  private final boolean explicitRatings;
  private final List<DatasetItem> items;
  private final List<DatasetUser> users;
  private final String[] userIds;
  private final String[] itemIds;
  private final int[] user;
  private final int[] item;
  private final float[] rating;
  private final long[] time;
  private final int[][] touched;
  private final long timeOffset;
  private final long timeScale;
  private final BitSet simulate = new BitSet();

  private ReplayLog(String dataset, boolean explicitRatings, List<DatasetItem> items, List<DatasetUser> users,
      String[] userIds, String[] itemIds, int[] user, int[] item, float[] rating, long[] time, int[][] touched) {
    this.dataset = dataset;
    this.explicitRatings = explicitRatings;
    this.items = List.copyOf(items);
    this.users = List.copyOf(users);
    this.userIds = userIds;
    this.itemIds = itemIds;
    this.user = user;
    this.item = item;
    this.rating = rating;
    this.time = time;
    this.touched = touched;
    long max = 0;
    for (long t : time) {
      max = Math.max(max, t);
    }
    boolean logical = time.length > 0 && max < LOGICAL_TIME_LIMIT;
    this.timeOffset = logical ? LOGICAL_EPOCH_MS : 0;
    this.timeScale = logical ? LOGICAL_STEP_MS : 1;
  }

  /** Reads a dataset and keeps the selected users and time window. */
  public static ReplayLog fromDataset(Dataset dataset, Selection selection) {
    Objects.requireNonNull(selection, "selection");
    Builder b = new Builder(dataset.name(), dataset.explicitRatings(), dataset.items());
    try (Stream<Rating> ratings = dataset.ratings()) {
      Iterator<Rating> it = ratings.iterator();
      while (it.hasNext()) {
        b.add(it.next());
      }
    }
    return b.build(dataset.users(), selection);
  }

  /**
   * A log of given ratings (e.g. the evaluation's training interactions and test histories).
   *
   * @param ratings the interactions to publish, any order (they are sorted by time)
   * @param touchedByUser every item each user ever interacted with (negatives avoid them); users missing here
   *     avoid only their replayed items
   */
  public static ReplayLog of(String dataset, boolean explicitRatings, Map<String, DatasetItem> items,
      Map<String, DatasetUser> users, Collection<Rating> ratings, Map<String, ? extends Collection<String>> touchedByUser) {
    Builder b = new Builder(dataset, explicitRatings, items);
    for (Rating r : ratings) {
      b.add(r);
    }
    touchedByUser.forEach((u, ids) -> ids.forEach(i -> b.touch(u, i)));
    return b.build(users, Selection.all());
  }

  public String dataset() {
    return dataset;
  }

  /**
   * The name simulated ranking requests carry as their dataSource, so the stream app labels their reward records
   * starec/&lt;name&gt;/rank: the dataset's name, one path segment (cds/CDs-100-user-dense -> cds-CDs-100-user-dense).
   */
  public String dataSourceName() {
    return dataset.replace('/', '-');
  }

  public boolean explicitRatings() {
    return explicitRatings;
  }

  /** The whole catalogue, published before any interaction. */
  public List<DatasetItem> items() {
    return items;
  }

  /** Profiles of the replayed users. */
  public List<DatasetUser> users() {
    return users;
  }

  /** Number of interactions. */
  public int size() {
    return user.length;
  }

  public int userIndex(int event) {
    return user[event];
  }

  public String userId(int event) {
    return userIds[user[event]];
  }

  public String itemId(int event) {
    return itemIds[item[event]];
  }

  /** Explicit rating, or null for an implicit interaction. */
  public Double rating(int event) {
    float r = rating[event];
    return Float.isNaN(r) ? null : (double) r;
  }

  /** The dataset's own timestamp (used in the event id). */
  public long datasetTime(int event) {
    return time[event];
  }

  /** The event time published (epoch ms; a synthetic clock for logical timestamps). */
  public long eventTime(int event) {
    return timeOffset + time[event] * timeScale;
  }

  /** Maps a dataset timestamp to the published event time. */
  public long toEventTime(long datasetTime) {
    return timeOffset + datasetTime * timeScale;
  }

  public String eventId(int event) {
    return EventIds.eventId(dataset, userId(event), itemId(event), time[event]);
  }

  /** Items (catalogue indexes) a user touched anywhere in the dataset, sorted. */
  int[] touched(int userIndex) {
    return touched[userIndex];
  }

  int catalogueSize() {
    return itemIds.length;
  }

  String catalogueItemId(int index) {
    return itemIds[index];
  }

  int catalogueIndexOfEvent(int event) {
    return item[event];
  }

  /** Marks every event for a simulated ranking request. */
  public ReplayLog simulateAll() {
    simulate.set(0, size());
    return this;
  }

  /**
   * Marks a share of the events, chosen by a hash of (seed, event id): the same events on every run.
   *
   * @param fraction 0..1
   */
  public ReplayLog simulateFraction(double fraction, long seed) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
    }
    long threshold = Math.round(fraction * 1_000_000);
    for (int e = 0; e < size(); e++) {
      long h = io.starec.research.protocol.Seeds.mix(seed, "simulate:" + eventId(e)) >>> 1;
      if (h % 1_000_000 < threshold) {
        simulate.set(e);
      }
    }
    return this;
  }

  /** Marks the last {@code k} events of each of these users. */
  public ReplayLog simulateLast(Collection<String> userIdsToSimulate, int k) {
    if (k <= 0) {
      return this;
    }
    Map<String, Integer> wanted = new HashMap<>();
    for (String u : userIdsToSimulate) {
      wanted.put(u, k);
    }
    for (int e = size() - 1; e >= 0; e--) {
      Integer left = wanted.get(userId(e));
      if (left != null && left > 0) {
        simulate.set(e);
        wanted.put(userId(e), left - 1);
      }
    }
    return this;
  }

  public boolean simulated(int event) {
    return simulate.get(event);
  }

  public int simulatedCount() {
    return simulate.cardinality();
  }

  /** Time span of the replayed interactions, in published event time; {0, 0} when empty. */
  public long[] span() {
    if (size() == 0) {
      return new long[] {0, 0};
    }
    return new long[] {eventTime(0), eventTime(size() - 1)};
  }

  /** Collects ratings into growable primitive arrays, then selects and sorts. */
  private static final class Builder {
    private final String dataset;
    private final boolean explicit;
    private final Map<String, DatasetItem> catalogue;
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final List<String> itemIds = new ArrayList<>();
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private final Map<Integer, List<Integer>> extraTouched = new HashMap<>();
    private int n;
    private int[] us = new int[1 << 12];
    private int[] is = new int[1 << 12];
    private float[] rs = new float[1 << 12];
    private long[] ts = new long[1 << 12];

    Builder(String dataset, boolean explicit, Map<String, DatasetItem> items) {
      this.dataset = dataset;
      this.explicit = explicit;
      this.catalogue = new LinkedHashMap<>(items);
      items.keySet().forEach(this::itemIndex);
    }

    private int itemIndex(String id) {
      return itemIndex.computeIfAbsent(id, k -> {
        itemIds.add(k);
        return itemIds.size() - 1;
      });
    }

    private int userIndex(String id) {
      return userIndex.computeIfAbsent(id, k -> {
        userIds.add(k);
        return userIds.size() - 1;
      });
    }

    void add(Rating r) {
      if (n == us.length) {
        int cap = n * 2;
        us = Arrays.copyOf(us, cap);
        is = Arrays.copyOf(is, cap);
        rs = Arrays.copyOf(rs, cap);
        ts = Arrays.copyOf(ts, cap);
      }
      us[n] = userIndex(r.userId());
      is[n] = itemIndex(r.itemId());
      if (!catalogue.containsKey(r.itemId())) {
        // an interaction with an item the metadata lacks: publish it under its id so it can be ranked too
        catalogue.put(r.itemId(), new DatasetItem(r.itemId(), "item " + r.itemId(), null, List.of(), null, Map.of()));
      }
      rs[n] = r.rating() == null ? Float.NaN : r.rating().floatValue();
      ts[n] = r.timestampMs();
      n++;
    }

    void touch(String userId, String itemId) {
      extraTouched.computeIfAbsent(userIndex(userId), k -> new ArrayList<>()).add(itemIndex(itemId));
      if (!catalogue.containsKey(itemId)) {
        catalogue.put(itemId, new DatasetItem(itemId, "item " + itemId, null, List.of(), null, Map.of()));
      }
    }

    ReplayLog build(Map<String, DatasetUser> profiles, Selection selection) {
      int nu = userIds.size();
      // users with interactions in the window, in id order; the first userLimit of them are replayed
      boolean[] active = new boolean[nu];
      for (int k = 0; k < n; k++) {
        if (selection.inWindow(ts[k])) {
          active[us[k]] = true;
        }
      }
      List<Integer> selected = new ArrayList<>();
      for (int u = 0; u < nu; u++) {
        if (active[u]) {
          selected.add(u);
        }
      }
      selected.sort((a, b) -> IdOrder.COMPARATOR.compare(userIds.get(a), userIds.get(b)));
      if (selection.userLimit() > 0 && selected.size() > selection.userLimit()) {
        selected = new ArrayList<>(selected.subList(0, selection.userLimit()));
      }
      int[] dense = new int[nu];
      Arrays.fill(dense, -1);
      String[] denseIds = new String[selected.size()];
      int[] idRank = new int[selected.size()];
      for (int d = 0; d < selected.size(); d++) {
        dense[selected.get(d)] = d;
        denseIds[d] = userIds.get(selected.get(d));
        idRank[d] = d; // selected is in id order, so the dense index is the id rank
      }
      // touched: every rating of a selected user, whatever its time, plus the extra touches
      List<List<Integer>> touchedLists = new ArrayList<>();
      for (int d = 0; d < denseIds.length; d++) {
        touchedLists.add(new ArrayList<>());
      }
      List<Integer> keep = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int d = dense[us[k]];
        if (d < 0) {
          continue;
        }
        touchedLists.get(d).add(is[k]);
        if (selection.inWindow(ts[k])) {
          keep.add(k);
        }
      }
      extraTouched.forEach((u, list) -> {
        if (u < nu && dense[u] >= 0) {
          touchedLists.get(dense[u]).addAll(list);
        }
      });
      int[][] touched = new int[denseIds.length][];
      for (int d = 0; d < denseIds.length; d++) {
        touched[d] = touchedLists.get(d).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
      }
      // timestamp order; ties by user id order, then file order (stable sort)
      keep.sort(Comparator.<Integer>comparingLong(k -> ts[k]).thenComparingInt(k -> idRank[dense[us[k]]]));
      int m = keep.size();
      int[] user = new int[m];
      int[] item = new int[m];
      float[] rating = new float[m];
      long[] time = new long[m];
      for (int j = 0; j < m; j++) {
        int k = keep.get(j);
        user[j] = dense[us[k]];
        item[j] = is[k];
        rating[j] = rs[k];
        time[j] = ts[k];
      }
      List<DatasetUser> users = new ArrayList<>(denseIds.length);
      for (String id : denseIds) {
        DatasetUser p = profiles.get(id);
        users.add(p != null ? p : DatasetUser.anonymous(id));
      }
      List<DatasetItem> items = new ArrayList<>(itemIds.size());
      for (String id : itemIds) {
        items.add(catalogue.get(id));
      }
      return new ReplayLog(dataset, explicit, items, users, denseIds, itemIds.toArray(String[]::new), user, item,
          rating, time, touched);
    }
  }
}
