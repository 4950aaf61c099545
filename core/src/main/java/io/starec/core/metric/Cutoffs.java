package io.starec.core.metric;

import java.util.Arrays;

/** The cut-offs K a ranking metric is reported at: distinct, ascending, each at least 1. Immutable. */
public final class Cutoffs {

  /** The paper's Table 4: NDCG@1, @5, @10 and @20. */
  public static final Cutoffs PAPER = of(1, 5, 10, 20);

  private final int[] ks;

  private Cutoffs(int[] ks) {
    this.ks = ks;
  }

  public static Cutoffs of(int... ks) {
    if (ks.length == 0) {
      throw new IllegalArgumentException("at least one cut-off");
    }
    for (int i = 0; i < ks.length; i++) {
      if (ks[i] < 1) {
        throw new IllegalArgumentException("a cut-off must be >= 1, was " + ks[i]);
      }
      if (i > 0 && ks[i] <= ks[i - 1]) {
        throw new IllegalArgumentException("cut-offs must be ascending and distinct: " + Arrays.toString(ks));
      }
    }
    return new Cutoffs(ks.clone());
  }

  public int size() {
    return ks.length;
  }

  /** The {@code index}-th cut-off, smallest first. */
  public int get(int index) {
    return ks[index];
  }

  /** Where {@code k} is among the cut-offs. */
  public int indexOf(int k) {
    int i = Arrays.binarySearch(ks, k);
    if (i < 0) {
      throw new IllegalArgumentException(k + " is not one of the cut-offs " + this);
    }
    return i;
  }

  /** The cut-offs, smallest first (a copy). */
  public int[] values() {
    return ks.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cutoffs c && Arrays.equals(ks, c.ks);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ks);
  }

  @Override
  public String toString() {
    return Arrays.toString(ks);
  }
}
