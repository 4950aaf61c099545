package io.starec.loadtest.bench;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import java.util.List;
import java.util.Random;

/**
 * The seeded interaction stream of {@link io.starec.loadtest.bench.IngestBenchmark} (same seed, same draws, same ids), so
 * the reference and the drills process exactly the records our ingest benchmark does: users {@code u0..}, items
 * {@code i1..} with a skewed (half-normal) popularity, ratings 1-5.
 */
public final class SyntheticInteractions {

  public static final long SEED = 1;

  private final Random random = new Random(SEED);
  private final int users;
  private final int items;
  private final long firstTimestampMs;

  /** Event e gets timestamp {@code firstTimestampMs + e}. */
  public SyntheticInteractions(int users, int items, long firstTimestampMs) {
    if (users < 1 || items < 2) {
      throw new IllegalArgumentException("need users >= 1 and items >= 2");
    }
    this.users = users;
    this.items = items;
    this.firstTimestampMs = firstTimestampMs;
  }

  /** The next event; call with e = 0, 1, 2, ... in order. */
  public Interaction next(int e) {
    String user = "u" + random.nextInt(users);
    int item = 1 + (int) Math.min(items - 1, Math.abs(random.nextGaussian()) * items / 4);
    long ts = firstTimestampMs + e;
    return Interaction.newBuilder().setEventId("e" + e).setUserId(user).setItemId("i" + item)
        .setType(InteractionType.RATE).setRating((double) (1 + random.nextInt(5))).setTimestampMs(ts).build();
  }

  /** Catalogue entry of item i (1-based), as the ingest benchmark publishes it. */
  public static Item item(int i) {
    return Item.newBuilder().setItemId("i" + i).setTitle("Item " + i).setGenres(List.of("g" + i % 18)).build();
  }
}
