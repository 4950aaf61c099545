package io.starec.research.protocol;

/**
 * The evaluation protocol of DESIGN §8 (the paper's section 5.1, made exact). Defaults are the
 * paper's; every choice the paper leaves open is a field here.
 *
 * @param minInteractions users and items with fewer interactions are removed (paper: 10)
 * @param filter whether that filter is applied once or repeated until nothing changes
 * @param historyLength interactions kept per user, the target included (paper: 40)
 * @param testUsers test users sampled (paper: 1,000)
 * @param trainUsers training users sampled, disjoint from the test users (paper: 1,000)
 * @param negatives negatives per test user (paper: 19)
 * @param target which interaction is the ground truth
 * @param positiveThreshold an explicit rating above this is positive (paper: "exceeding 3")
 * @param sampleSeed seeds the user sample; the run seeds vary negatives and model training
 */
public record ProtocolConfig(
    int minInteractions,
    FilterMode filter,
    int historyLength,
    int testUsers,
    int trainUsers,
    int negatives,
    TargetPolicy target,
    double positiveThreshold,
    long sampleSeed) {

  /** How the interaction-count filter is applied. */
  public enum FilterMode {
    /**
     * Repeat until every remaining user and item has at least {@code minInteractions} (RecBole's
     * {@code user_inter_num_interval}/{@code item_inter_num_interval} filter, which the paper's
     * baselines used, loops like this).
     */
    FIXPOINT,
    /** One pass over the raw counts; a survivor may end up below the threshold. */
    ONE_PASS
  }

  /** Which interaction of a user's sequence is the ground-truth target. */
  public enum TargetPolicy {
    /**
     * The last interaction, whatever its rating (the paper's section 5.1.2: "the last item of
     * each historical interaction sequence is designated as the ground-truth").
     */
    LAST,
    /**
     * The last positive interaction (rating above the threshold, or any implicit one); the
     * interactions after it are left out of that user's evaluation sequence so the history never
     * holds events later than the target. Users without a positive after their first interaction
     * are not eligible.
     */
    LAST_POSITIVE
  }

  public ProtocolConfig {
    if (minInteractions < 0) {
      throw new IllegalArgumentException("minInteractions must be >= 0");
    }
    if (historyLength < 2) {
      throw new IllegalArgumentException("historyLength must be >= 2 (a history and a target)");
    }
    if (testUsers < 1 || trainUsers < 0) {
      throw new IllegalArgumentException("testUsers must be >= 1 and trainUsers >= 0");
    }
    if (negatives < 1) {
      throw new IllegalArgumentException("negatives must be >= 1");
    }
    if (filter == null || target == null) {
      throw new IllegalArgumentException("filter and target must be set");
    }
  }

  /** The paper's protocol: 10-interaction filter to a fixpoint, last 40, 1,000 + 1,000 users, 19 negatives, target = last. */
  public static ProtocolConfig paper() {
    return new ProtocolConfig(10, FilterMode.FIXPOINT, 40, 1000, 1000, 19, TargetPolicy.LAST, 3.0, 0L);
  }

  /**
   * The paper's protocol adjusted to a dataset: the AgentCF CDs subsets have exactly 8
   * interactions per user (already filtered by AgentCF), so the 10-interaction filter would remove
   * every user; for them the filter is off.
   */
  public static ProtocolConfig defaultsFor(String dataset) {
    ProtocolConfig paper = paper();
    return dataset.toLowerCase(java.util.Locale.ROOT).startsWith("cds") ? paper.withMinInteractions(0) : paper;
  }

  public ProtocolConfig withMinInteractions(int v) {
    return new ProtocolConfig(v, filter, historyLength, testUsers, trainUsers, negatives, target, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withFilter(FilterMode v) {
    return new ProtocolConfig(minInteractions, v, historyLength, testUsers, trainUsers, negatives, target, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withHistoryLength(int v) {
    return new ProtocolConfig(minInteractions, filter, v, testUsers, trainUsers, negatives, target, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withUsers(int test, int train) {
    return new ProtocolConfig(minInteractions, filter, historyLength, test, train, negatives, target, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withNegatives(int v) {
    return new ProtocolConfig(minInteractions, filter, historyLength, testUsers, trainUsers, v, target, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withTarget(TargetPolicy v) {
    return new ProtocolConfig(minInteractions, filter, historyLength, testUsers, trainUsers, negatives, v, positiveThreshold, sampleSeed);
  }

  public ProtocolConfig withPositiveThreshold(double v) {
    return new ProtocolConfig(minInteractions, filter, historyLength, testUsers, trainUsers, negatives, target, v, sampleSeed);
  }

  public ProtocolConfig withSampleSeed(long v) {
    return new ProtocolConfig(minInteractions, filter, historyLength, testUsers, trainUsers, negatives, target, positiveThreshold, v);
  }
}
