package io.starec.research.protocol;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Rating;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A dataset prepared by the evaluation protocol (DESIGN §8), shared by replay and evaluation:
 *
 * <ol>
 *   <li>ratings are streamed once into primitive arrays;
 *   <li>users and items with fewer than {@code minInteractions} interactions are removed
 *       ({@link ProtocolConfig.FilterMode}: to a fixpoint by default);
 *   <li>each user's interactions are ordered by time, ties kept in file order (ML-1M has many
 *       ratings in the same second);
 *   <li>a target is chosen per user ({@link ProtocolConfig.TargetPolicy}); the evaluation window
 *       is the last {@code historyLength} interactions ending at the target;
 *   <li>{@code testUsers} test users and {@code trainUsers} disjoint training users are sampled
 *       from the eligible users with {@code sampleSeed} (fixed across run seeds: the same users are
 *       evaluated under every seed, and the seeds vary negatives and training).
 * </ol>
 *
 * {@link #testCases(long)} then gives each test user {@code negatives} items drawn uniformly
 * without replacement from the items (that survived the filter) the user never interacted with,
 * from a random stream of (seed, user) alone, and the candidates shuffled by the same stream.
 * Results therefore do not depend on which other users are evaluated, nor on their order.
 */
public final class EvalData {

  private final Dataset dataset;
  private final ProtocolConfig config;
  private final String[] userIds;
  private final Map<String, Integer> userIndex;
  private final String[] itemIds;
  private final Map<String, Integer> itemIndex;
  private final int[][] seqItems;
  private final float[][] seqRatings;
  private final long[][] seqTimes;
  private final int[] targetPos;
  private final int[] testUsers;
  private final int[] trainUsers;
  private final boolean[] isTest;
  private final PreprocessStats stats;

  private EvalData(Dataset dataset, ProtocolConfig config, Builder b) {
    this.dataset = dataset;
    this.config = config;
    this.userIds = b.userIds;
    this.userIndex = index(userIds);
    this.itemIds = b.itemIds;
    this.itemIndex = index(itemIds);
    this.seqItems = b.seqItems;
    this.seqRatings = b.seqRatings;
    this.seqTimes = b.seqTimes;
    this.targetPos = b.targetPos;
    this.testUsers = b.testUsers;
    this.trainUsers = b.trainUsers;
    this.isTest = new boolean[userIds.length];
    for (int u : testUsers) {
      isTest[u] = true;
    }
    this.stats = b.stats;
  }

  /** Runs the protocol's preprocessing over the dataset's ratings. */
  public static EvalData prepare(Dataset dataset, ProtocolConfig config) {
    return new EvalData(dataset, config, new Builder(config).build(dataset));
  }

  public Dataset dataset() {
    return dataset;
  }

  public ProtocolConfig config() {
    return config;
  }

  public PreprocessStats stats() {
    return stats;
  }

  public int numUsers() {
    return userIds.length;
  }

  public int numItems() {
    return itemIds.length;
  }

  public String userId(int user) {
    return userIds[user];
  }

  public String itemId(int item) {
    return itemIds[item];
  }

  /** Index of an item that survived the filter, or -1. */
  public int itemIndex(String itemId) {
    Integer i = itemIndex.get(itemId);
    return i == null ? -1 : i;
  }

  /** Index of a user that survived the filter, or -1. */
  public int userIndex(String userId) {
    Integer u = userIndex.get(userId);
    return u == null ? -1 : u;
  }

  /** Sampled test users, in id order. */
  public List<String> testUserIds() {
    return Arrays.stream(testUsers).mapToObj(u -> userIds[u]).toList();
  }

  /** Sampled training users (disjoint from the test users), in id order. */
  public List<String> trainUserIds() {
    return Arrays.stream(trainUsers).mapToObj(u -> userIds[u]).toList();
  }

  /** A user's whole filtered sequence, chronological. */
  public List<Rating> sequence(String userId) {
    int u = requireUser(userId);
    return ratings(u, 0, seqItems[u].length);
  }

  /**
   * The test cases of one run seed, one per test user in id order: history, target, shuffled
   * candidates. Deterministic in (data, seed).
   */
  public List<EvalUser> testCases(long seed) {
    boolean[] marked = new boolean[itemIds.length];
    List<EvalUser> cases = new ArrayList<>(testUsers.length);
    for (int u : testUsers) {
      cases.add(testCase(u, seed, marked));
    }
    return Collections.unmodifiableList(cases);
  }

  private EvalUser testCase(int u, long seed, boolean[] marked) {
    int[] items = seqItems[u];
    int distinct = 0;
    for (int item : items) {
      if (!marked[item]) {
        marked[item] = true;
        distinct++;
      }
    }
    int available = itemIds.length - distinct;
    if (available < config.negatives()) {
      throw new IllegalStateException("user " + userIds[u] + " has interacted with " + distinct + " of "
          + itemIds.length + " items: fewer than " + config.negatives() + " negatives are left");
    }
    SplittableRandom random = Seeds.forUser(seed, userIds[u]);
    int t = targetPos[u];
    int[] candidates = new int[config.negatives() + 1];
    candidates[0] = items[t];
    for (int k = 1; k < candidates.length; ) {
      int item = random.nextInt(itemIds.length);
      if (!marked[item]) {
        marked[item] = true;
        candidates[k++] = item;
      }
    }
    for (int k = candidates.length - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int tmp = candidates[k];
      candidates[k] = candidates[j];
      candidates[j] = tmp;
    }
    for (int item : items) {
      marked[item] = false;
    }
    List<String> candidateIds = new ArrayList<>(candidates.length);
    for (int item : candidates) {
      marked[item] = false;
      candidateIds.add(itemIds[item]);
    }
    int start = Math.max(0, t - (config.historyLength() - 1));
    return new EvalUser(userIds[u], ratings(u, start, t), rating(u, t), candidateIds, seed);
  }

  /** Training interactions of a scope (see {@link TrainingScope}). */
  public TrainingData training(TrainingScope scope) {
    int[][] out = new int[userIds.length][];
    for (int u = 0; u < userIds.length; u++) {
      int[] range = trainingRange(u, scope);
      out[u] = Arrays.copyOfRange(seqItems[u], range[0], range[1]);
    }
    return new TrainingData(scope, itemIds.length, out);
  }

  /**
   * The training interactions of a scope as ratings in time order (ties: user index, then
   * sequence order); what a replay publishes before the test users are ranked.
   */
  public List<Rating> interactions(TrainingScope scope) {
    List<long[]> keys = new ArrayList<>();
    for (int u = 0; u < userIds.length; u++) {
      int[] range = trainingRange(u, scope);
      for (int p = range[0]; p < range[1]; p++) {
        keys.add(new long[] {seqTimes[u][p], u, p});
      }
    }
    keys.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]).thenComparingLong(k -> k[2]));
    List<Rating> out = new ArrayList<>(keys.size());
    for (long[] k : keys) {
      out.add(rating((int) k[1], (int) k[2]));
    }
    return out;
  }

  private int[] trainingRange(int u, TrainingScope scope) {
    int len = seqItems[u].length;
    int end = isTest[u] ? targetPos[u] : len;
    if (scope == TrainingScope.FULL) {
      return new int[] {0, end};
    }
    boolean sampled = isTest[u] || Arrays.binarySearch(trainUsers, u) >= 0;
    if (!sampled) {
      return new int[] {0, 0};
    }
    // the window of historyLength interactions: for a test user it ends at the target (excluded)
    int windowEnd = isTest[u] ? targetPos[u] + 1 : len;
    return new int[] {Math.max(0, windowEnd - config.historyLength()), end};
  }

  private List<Rating> ratings(int u, int from, int to) {
    List<Rating> out = new ArrayList<>(Math.max(0, to - from));
    for (int p = from; p < to; p++) {
      out.add(rating(u, p));
    }
    return out;
  }

  private Rating rating(int u, int p) {
    float r = seqRatings[u][p];
    return new Rating(userIds[u], itemIds[seqItems[u][p]], Float.isNaN(r) ? null : (double) r, seqTimes[u][p]);
  }

  private int requireUser(String userId) {
    Integer u = userIndex.get(userId);
    if (u == null) {
      throw new IllegalArgumentException("unknown or filtered-out user " + userId);
    }
    return u;
  }

  private static Map<String, Integer> index(String[] ids) {
    Map<String, Integer> map = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      map.put(ids[i], i);
    }
    return map;
  }

  /** The preprocessing steps, kept apart from the finished, immutable data. */
  private static final class Builder {
    private final ProtocolConfig config;
    private final List<String> notes = new ArrayList<>();
    String[] userIds;
    String[] itemIds;
    int[][] seqItems;
    float[][] seqRatings;
    long[][] seqTimes;
    int[] targetPos;
    int[] testUsers;
    int[] trainUsers;
    PreprocessStats stats;

    Builder(ProtocolConfig config) {
      this.config = config;
    }

    Builder build(Dataset dataset) {
      // 1. stream the ratings into parallel primitive arrays
      Map<String, Integer> rawUsers = new HashMap<>();
      Map<String, Integer> rawItems = new HashMap<>();
      List<String> rawUserIds = new ArrayList<>();
      List<String> rawItemIds = new ArrayList<>();
      int n = 0;
      int[] us = new int[1 << 16];
      int[] is = new int[1 << 16];
      float[] rs = new float[1 << 16];
      long[] ts = new long[1 << 16];
      try (Stream<Rating> ratings = dataset.ratings()) {
        Iterator<Rating> it = ratings.iterator();
        while (it.hasNext()) {
          Rating r = it.next();
          if (n == us.length) {
            int cap = n * 2;
            us = Arrays.copyOf(us, cap);
            is = Arrays.copyOf(is, cap);
            rs = Arrays.copyOf(rs, cap);
            ts = Arrays.copyOf(ts, cap);
          }
          us[n] = rawUsers.computeIfAbsent(r.userId(), k -> { rawUserIds.add(k); return rawUserIds.size() - 1; });
          is[n] = rawItems.computeIfAbsent(r.itemId(), k -> { rawItemIds.add(k); return rawItemIds.size() - 1; });
          rs[n] = r.rating() == null ? Float.NaN : r.rating().floatValue();
          ts[n] = r.timestampMs();
          n++;
        }
      }
      // 2. the interaction-count filter
      boolean[] alive = new boolean[n];
      Arrays.fill(alive, true);
      int rounds = 0;
      int[] userCount = new int[rawUserIds.size()];
      int[] itemCount = new int[rawItemIds.size()];
      if (config.minInteractions() > 0) {
        boolean changed = true;
        while (changed) {
          rounds++;
          Arrays.fill(userCount, 0);
          Arrays.fill(itemCount, 0);
          for (int k = 0; k < n; k++) {
            if (alive[k]) {
              userCount[us[k]]++;
              itemCount[is[k]]++;
            }
          }
          changed = false;
          for (int k = 0; k < n; k++) {
            if (alive[k] && (userCount[us[k]] < config.minInteractions() || itemCount[is[k]] < config.minInteractions())) {
              alive[k] = false;
              changed = true;
            }
          }
          if (config.filter() == ProtocolConfig.FilterMode.ONE_PASS) {
            break;
          }
        }
      }
      Arrays.fill(userCount, 0);
      Arrays.fill(itemCount, 0);
      long kept = 0;
      for (int k = 0; k < n; k++) {
        if (alive[k]) {
          userCount[us[k]]++;
          itemCount[is[k]]++;
          kept++;
        }
      }
      // 3. dense indexes in id order, sequences in time order (stable: file order breaks ties)
      int[] userMap = reindex(rawUserIds, userCount, ids -> userIds = ids);
      int[] itemMap = reindex(rawItemIds, itemCount, ids -> itemIds = ids);
      int nu = userIds.length;
      seqItems = new int[nu][];
      seqRatings = new float[nu][];
      seqTimes = new long[nu][];
      int[] fill = new int[nu];
      for (int raw = 0; raw < userMap.length; raw++) {
        if (userMap[raw] >= 0) {
          int u = userMap[raw];
          seqItems[u] = new int[userCount[raw]];
          seqRatings[u] = new float[userCount[raw]];
          seqTimes[u] = new long[userCount[raw]];
        }
      }
      for (int k = 0; k < n; k++) {
        if (alive[k]) {
          int u = userMap[us[k]];
          int p = fill[u]++;
          seqItems[u][p] = itemMap[is[k]];
          seqRatings[u][p] = rs[k];
          seqTimes[u][p] = ts[k];
        }
      }
      for (int u = 0; u < nu; u++) {
        sortByTime(u);
      }
      // 4. targets and eligibility
      targetPos = new int[nu];
      List<Integer> eligible = new ArrayList<>();
      for (int u = 0; u < nu; u++) {
        targetPos[u] = target(u);
        if (targetPos[u] >= 1) {
          eligible.add(u);
        }
      }
      // 5. the user sample
      Collections.shuffle(eligible, new java.util.Random(Seeds.mix(config.sampleSeed(), "user-sample")));
      int test = config.testUsers();
      int train = config.trainUsers();
      if (eligible.size() < test + train) {
        int requestedTest = test;
        int requestedTrain = train;
        test = Math.min(test, train == 0 ? eligible.size() : (eligible.size() + 1) / 2);
        train = Math.min(train, eligible.size() - test);
        notes.add("only " + eligible.size() + " eligible users for " + requestedTest + " test + "
            + requestedTrain + " training users: using " + test + " test and " + train + " training users");
      }
      testUsers = eligible.subList(0, test).stream().mapToInt(Integer::intValue).sorted().toArray();
      trainUsers = eligible.subList(test, test + train).stream().mapToInt(Integer::intValue).sorted().toArray();
      stats = new PreprocessStats(n, rawUserIds.size(), rawItemIds.size(), kept, nu, itemIds.length,
          rounds, eligible.size(), testUsers.length, trainUsers.length, notes);
      return this;
    }

    private int target(int u) {
      int len = seqItems[u].length;
      if (config.target() == ProtocolConfig.TargetPolicy.LAST) {
        return len - 1;
      }
      for (int p = len - 1; p >= 1; p--) {
        float r = seqRatings[u][p];
        if (Float.isNaN(r) || r > config.positiveThreshold()) {
          return p;
        }
      }
      return -1;
    }

    private void sortByTime(int u) {
      long[] times = seqTimes[u];
      boolean sorted = true;
      for (int p = 1; p < times.length && sorted; p++) {
        sorted = times[p - 1] <= times[p];
      }
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[times.length];
      Arrays.setAll(order, p -> p);
      Arrays.sort(order, Comparator.comparingLong(p -> times[p])); // TimSort: stable
      int[] items = seqItems[u].clone();
      float[] ratings = seqRatings[u].clone();
      long[] timesCopy = times.clone();
      for (int p = 0; p < order.length; p++) {
        seqItems[u][p] = items[order[p]];
        seqRatings[u][p] = ratings[order[p]];
        seqTimes[u][p] = timesCopy[order[p]];
      }
    }

    /** Maps raw indexes with a positive count to dense indexes in id order (-1: filtered out). */
    private static int[] reindex(List<String> rawIds, int[] counts, java.util.function.Consumer<String[]> ids) {
      List<String> kept = new ArrayList<>();
      for (int raw = 0; raw < rawIds.size(); raw++) {
        if (counts[raw] > 0) {
          kept.add(rawIds.get(raw));
        }
      }
      kept.sort(IdOrder.COMPARATOR);
      Map<String, Integer> dense = new HashMap<>(kept.size() * 2);
      for (int i = 0; i < kept.size(); i++) {
        dense.put(kept.get(i), i);
      }
      int[] map = new int[rawIds.size()];
      for (int raw = 0; raw < rawIds.size(); raw++) {
        map[raw] = counts[raw] > 0 ? dense.get(rawIds.get(raw)) : -1;
      }
      ids.accept(kept.toArray(String[]::new));
      return map;
    }
  }
}
