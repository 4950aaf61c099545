package io.starec.replay;

import io.starec.research.protocol.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Candidates of a simulated ranking request, as in the paper's training loop: the item the user is about to
 * interact with plus {@code negatives} items drawn uniformly from the catalogue items the user never touched
 * (anywhere in the dataset), shuffled. The random stream depends only on (seed, event id), so a re-run asks for
 * exactly the same ranking.
 */
public final class NegativeSampler {

  private final ReplayLog log;
  private final int negatives;
  private final long seed;

  public NegativeSampler(ReplayLog log, int negatives, long seed) {
    if (negatives < 0) {
      throw new IllegalArgumentException("negatives must be >= 0");
    }
    this.log = log;
    this.negatives = negatives;
    this.seed = seed;
  }

  /** Target plus negatives, shuffled; fewer negatives when the catalogue has too few untouched items. */
  public List<String> candidates(int event) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, "replay-candidates:" + log.eventId(event)));
    int[] touched = log.touched(log.userIndex(event));
    int target = log.catalogueIndexOfEvent(event);
    int catalogue = log.catalogueSize();
    int available = catalogue - touched.length - (Arrays.binarySearch(touched, target) >= 0 ? 0 : 1);
    int want = Math.min(negatives, Math.max(0, available));
    Set<Integer> chosen = new HashSet<>();
    List<Integer> ids = new ArrayList<>(want + 1);
    ids.add(target);
    // rejection sampling: users touch a small part of the catalogue, so this ends quickly
    while (chosen.size() < want) {
      int i = random.nextInt(catalogue);
      if (i != target && Arrays.binarySearch(touched, i) < 0 && chosen.add(i)) {
        ids.add(i);
      }
    }
    for (int i = ids.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, t);
    }
    List<String> out = new ArrayList<>(ids.size());
    for (int i : ids) {
      out.add(log.catalogueItemId(i));
    }
    return out;
  }
}
