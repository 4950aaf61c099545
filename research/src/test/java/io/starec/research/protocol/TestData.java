package io.starec.research.protocol;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Rating;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** In-memory datasets for protocol tests. */
public final class TestData {

  private TestData() {}

  public static Dataset of(String name, List<Rating> ratings) {
    List<Rating> copy = List.copyOf(ratings);
    return new Dataset(name, Map.of(), Map.of(), copy::stream, true);
  }

  /**
   * {@code users} users with {@code perUser} ratings each on items chosen deterministically from
   * {@code items} items; rating 5 everywhere, time = position.
   */
  public static Dataset dense(int users, int items, int perUser) {
    List<Rating> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < perUser; k++) {
        int item = (u * 7 + k * 3) % items;
        out.add(new Rating("u" + u, "i" + item, 5.0, 1000L * (u * perUser + k)));
      }
    }
    return of("test", dedupe(out));
  }

  private static List<Rating> dedupe(List<Rating> ratings) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<Rating> out = new ArrayList<>();
    for (Rating r : ratings) {
      if (seen.add(r.userId() + "/" + r.itemId())) {
        out.add(r);
      }
    }
    return out;
  }
}
