package io.starec.research.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A loaded dataset: item and user metadata in memory (small), ratings streamed from the files on
 * every call of {@link #ratings()} (large; never held whole as text).
 */
public final class Dataset {

  private final String name;
  private final Map<String, DatasetItem> items;
  private final Map<String, DatasetUser> users;
  private final Supplier<Stream<Rating>> ratings;
  private final boolean explicitRatings;

  /**
   * @param ratings opens a fresh stream of the ratings in file order each time it is called
   * @param explicitRatings whether ratings carry explicit values (false: implicit positives only)
   */
  public Dataset(
      String name,
      Map<String, DatasetItem> items,
      Map<String, DatasetUser> users,
      Supplier<Stream<Rating>> ratings,
      boolean explicitRatings) {
    this.name = Objects.requireNonNull(name, "name");
    this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    this.ratings = Objects.requireNonNull(ratings, "ratings");
    this.explicitRatings = explicitRatings;
  }

  public String name() {
    return name;
  }

  /** Items by id, in file order. */
  public Map<String, DatasetItem> items() {
    return items;
  }

  /** Users by id, in file order. A user here need not have ratings (ML-1M's cut ratings file). */
  public Map<String, DatasetUser> users() {
    return users;
  }

  /**
   * The ratings in file order, parsed lazily. Close the stream (try-with-resources) to close the
   * file. A malformed line throws {@link DatasetFormatException} when the stream reaches it.
   */
  public Stream<Rating> ratings() {
    return ratings.get();
  }

  /** False for implicit-feedback datasets (every interaction is a positive, no rating values). */
  public boolean explicitRatings() {
    return explicitRatings;
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + items.size() + " items, " + users.size() + " users]";
  }
}
