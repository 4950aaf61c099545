package io.starec.research.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes a seeded synthetic dataset in the ML-1M format ({@code movies.dat}, {@code users.dat},
 * {@code ratings.dat}; '::'-separated, ISO-8859-1) with invented titles, for tests and the demo.
 *
 * <p>Planted structure, so that recommenders have something to find:
 *
 * <ul>
 *   <li>items have a primary genre (plus up to two others) and a Zipf-like popularity;
 *   <li>users belong to one of a few taste groups, each with two favourite genres; the group also
 *       shapes the demographics (age bucket, occupation), so demographic signals exist too;
 *   <li>{@value #FAVOURITE_SHARE} of a user's interactions are items of the group's favourite
 *       genres (popularity-weighted), rated 4-5 mostly; the rest are popular items of any genre,
 *       rated 1-3 mostly. Collaborative, genre and popularity signals are therefore present;
 *   <li>every user has exactly {@code ratingsPerUser} ratings on distinct items, with increasing
 *       timestamps from the year 2000 on.
 * </ul>
 *
 * The same arguments always produce byte-identical files.
 */
public final class SyntheticMovieLens {

  static final double FAVOURITE_SHARE = 0.8;
  private static final int GROUPS = 6;
  private static final long START_SECONDS = 946_684_800L; // 2000-01-01

  private static final String[] ADJECTIVES = {
    "Silent", "Crimson", "Hidden", "Last", "Golden", "Broken", "Midnight", "Electric", "Frozen",
    "Wild", "Hollow", "Secret", "Burning", "Distant", "Paper", "Iron", "Velvet", "Lucky",
    "Restless", "Glass", "Northern", "Quiet", "Savage", "Little", "Endless", "Copper", "Lonely",
    "Scarlet", "Twisted", "Forgotten"
  };
  private static final String[] NOUNS = {
    "Harbor", "Orchard", "Detective", "Highway", "Garden", "Circus", "Empire", "Lighthouse",
    "Carnival", "Frontier", "Kingdom", "Station", "Voyage", "Island", "Machine", "Summer", "River",
    "Mirror", "Planet", "Canyon", "Hotel", "Letter", "Storm", "Ballroom", "Valley", "Outlaw",
    "Village", "Signal", "Parade", "Tower"
  };

  private SyntheticMovieLens() {}

  /**
   * Writes the three files into {@code dir} (created if missing).
   *
   * @param users number of users (ids 1..users)
   * @param items number of movies (ids 1..items), at least {@code ratingsPerUser}
   * @param ratingsPerUser ratings of every user, each on a distinct movie
   */
  public static void write(Path dir, long seed, int users, int items, int ratingsPerUser) {
    if (users < 1 || items < 1 || ratingsPerUser < 1 || ratingsPerUser > items) {
      throw new IllegalArgumentException("need users, items >= 1 and 1 <= ratingsPerUser <= items");
    }
    try {
      Files.createDirectories(dir);
      new Generator(seed, users, items, ratingsPerUser).write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write synthetic dataset to " + dir, e);
    }
  }

  private static final class Generator {
    private final SplittableRandom random;
    private final int users;
    private final int items;
    private final int ratingsPerUser;
    private final List<String> genres = MovieLensText.ML1M_GENRES;
    private final int[] primaryGenre;
    private final double[] popularity;
    private final int[][] favourites = new int[GROUPS][];
    private final int[][] itemsByGenre;

    Generator(long seed, int users, int items, int ratingsPerUser) {
      this.random = new SplittableRandom(seed);
      this.users = users;
      this.items = items;
      this.ratingsPerUser = ratingsPerUser;
      this.primaryGenre = new int[items];
      this.popularity = new double[items];
      int[] rankOf = permutation(items);
      List<List<Integer>> byGenre = new ArrayList<>();
      for (int g = 0; g < genres.size(); g++) {
        byGenre.add(new ArrayList<>());
      }
      for (int i = 0; i < items; i++) {
        primaryGenre[i] = random.nextInt(genres.size());
        popularity[i] = 1.0 / Math.pow(rankOf[i] + 1, 0.8);
        byGenre.get(primaryGenre[i]).add(i);
      }
      itemsByGenre = byGenre.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
          .toArray(int[][]::new);
      int[] order = permutation(genres.size());
      for (int g = 0; g < GROUPS; g++) {
        favourites[g] = new int[] {order[(2 * g) % order.length], order[(2 * g + 1) % order.length]};
      }
    }

    void write(Path dir) throws IOException {
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("movies.dat"), MovieLens1m.CHARSET)) {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < items; i++) {
          String title = title(used);
          int year = 1950 + random.nextInt(51);
          List<String> itemGenres = new ArrayList<>();
          itemGenres.add(genres.get(primaryGenre[i]));
          int extra = random.nextInt(3);
          for (int e = 0; e < extra; e++) {
            String g = genres.get(random.nextInt(genres.size()));
            if (!itemGenres.contains(g)) {
              itemGenres.add(g);
            }
          }
          out.write((i + 1) + "::" + title + " (" + year + ")::" + String.join("|", itemGenres) + "\n");
        }
      }
      int[] group = new int[users];
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("users.dat"), MovieLens1m.CHARSET)) {
        Integer[] ages = MovieLensText.ML1M_AGES.keySet().stream().sorted().toArray(Integer[]::new);
        for (int u = 0; u < users; u++) {
          group[u] = random.nextInt(GROUPS);
          // demographics lean on the taste group: a weak, learnable signal
          int age = random.nextDouble() < 0.6 ? ages[group[u] % ages.length] : ages[random.nextInt(ages.length)];
          int occupation = random.nextDouble() < 0.5 ? (3 * group[u]) % 21 : random.nextInt(21);
          String gender = random.nextBoolean() ? "M" : "F";
          out.write((u + 1) + "::" + gender + "::" + age + "::" + occupation + "::"
              + String.format("%05d", random.nextInt(100_000)) + "\n");
        }
      }
      double[] all = cumulative(allItems());
      double[][] favouriteCumulative = new double[GROUPS][];
      int[][] favouriteItems = new int[GROUPS][];
      for (int g = 0; g < GROUPS; g++) {
        favouriteItems[g] = concat(itemsByGenre[favourites[g][0]], itemsByGenre[favourites[g][1]]);
        favouriteCumulative[g] = cumulative(favouriteItems[g]);
      }
      int[] everything = allItems();
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("ratings.dat"), MovieLens1m.CHARSET)) {
        for (int u = 0; u < users; u++) {
          int g = group[u];
          Set<Integer> seen = new HashSet<>();
          long time = START_SECONDS + random.nextInt(86_400 * 200);
          int attempts = 0;
          while (seen.size() < ratingsPerUser) {
            boolean favourite = favouriteItems[g].length > 0 && random.nextDouble() < FAVOURITE_SHARE
                && attempts < 50 * ratingsPerUser;
            int item = favourite
                ? favouriteItems[g][draw(favouriteCumulative[g])]
                : (attempts < 50 * ratingsPerUser ? everything[draw(all)] : random.nextInt(items));
            attempts++;
            if (!seen.add(item)) {
              continue;
            }
            boolean liked = isFavourite(g, item);
            int rating = liked ? (random.nextDouble() < 0.85 ? 4 + random.nextInt(2) : 3)
                : (random.nextDouble() < 0.8 ? 1 + random.nextInt(3) : 4);
            time += 1 + random.nextInt(3_600);
            out.write((u + 1) + "::" + (item + 1) + "::" + rating + "::" + time + "\n");
          }
        }
      }
    }

    private boolean isFavourite(int group, int item) {
      return primaryGenre[item] == favourites[group][0] || primaryGenre[item] == favourites[group][1];
    }

    private String title(Set<String> used) {
      for (int attempt = 0; ; attempt++) {
        String base = "The " + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + " "
            + NOUNS[random.nextInt(NOUNS.length)];
        String title = attempt < 20 ? base : base + " " + (attempt - 18);
        if (used.add(title)) {
          return title;
        }
      }
    }

    private int[] allItems() {
      int[] all = new int[items];
      Arrays.setAll(all, i -> i);
      return all;
    }

    private double[] cumulative(int[] subset) {
      double[] c = new double[subset.length];
      double sum = 0;
      for (int k = 0; k < subset.length; k++) {
        sum += popularity[subset[k]];
        c[k] = sum;
      }
      return c;
    }

    private int draw(double[] cumulative) {
      double x = random.nextDouble() * cumulative[cumulative.length - 1];
      int at = Arrays.binarySearch(cumulative, x);
      return Math.min(at >= 0 ? at : -at - 1, cumulative.length - 1);
    }

    private int[] permutation(int n) {
      int[] p = new int[n];
      Arrays.setAll(p, i -> i);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }

    private static int[] concat(int[] a, int[] b) {
      int[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    }
  }
}
