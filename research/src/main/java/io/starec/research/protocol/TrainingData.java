package io.starec.research.protocol;

/**
 * Training interactions in primitive arrays, indexed like {@link EvalData} (user and item indexes
 * 0..n-1). Every interaction counts as a positive (the task is predicting the next interaction,
 * and the target is an interaction whatever its rating). A user outside the scope has no items.
 */
public final class TrainingData {

  private final TrainingScope scope;
  private final int numItems;
  private final int[][] userItems;
  private final long interactions;

  TrainingData(TrainingScope scope, int numItems, int[][] userItems) {
    this.scope = scope;
    this.numItems = numItems;
    this.userItems = userItems;
    long n = 0;
    for (int[] items : userItems) {
      n += items.length;
    }
    this.interactions = n;
  }

  /** Training data from explicit per-user item arrays (indexes of the matching {@link EvalData}). */
  public static TrainingData of(TrainingScope scope, int numItems, int[][] userItems) {
    for (int[] items : userItems) {
      for (int item : items) {
        if (item < 0 || item >= numItems) {
          throw new IllegalArgumentException("item index " + item + " outside 0.." + (numItems - 1));
        }
      }
    }
    return new TrainingData(scope, numItems, userItems.clone());
  }

  public TrainingScope scope() {
    return scope;
  }

  public int numUsers() {
    return userItems.length;
  }

  public int numItems() {
    return numItems;
  }

  /** The user's training items, chronological; shared array, do not modify. */
  public int[] items(int user) {
    return userItems[user];
  }

  public long interactions() {
    return interactions;
  }

  /** Interactions per item. */
  public int[] itemCounts() {
    int[] counts = new int[numItems];
    for (int[] items : userItems) {
      for (int item : items) {
        counts[item]++;
      }
    }
    return counts;
  }
}
