package io.starec.research.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticMovieLensTest {

  @TempDir Path dir;

  @Test
  void sameSeedWritesIdenticalFilesOtherSeedDiffers() throws IOException {
    SyntheticMovieLens.write(dir.resolve("a"), 7, 30, 80, 15);
    SyntheticMovieLens.write(dir.resolve("b"), 7, 30, 80, 15);
    SyntheticMovieLens.write(dir.resolve("c"), 8, 30, 80, 15);
    for (String f : List.of("movies.dat", "users.dat", "ratings.dat")) {
      assertThat(Files.readAllBytes(dir.resolve("a").resolve(f))).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
    }
    assertThat(Files.readAllBytes(dir.resolve("a/ratings.dat"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c/ratings.dat")));
  }

  @Test
  void loadsAsMl1mWithTheRequestedShape() {
    // Given a synthetic dataset of 40 users x 25 ratings over 120 movies
    SyntheticMovieLens.write(dir, 1, 40, 120, 25);

    // When loaded with the ML-1M loader
    Dataset ds = Datasets.load("ml-1m", dir);

    // Then every user has 25 ratings on distinct movies, in increasing time
    assertThat(ds.items()).hasSize(120);
    assertThat(ds.users()).hasSize(40);
    assertThat(ds.users().get("1").age()).isNotNull();
    try (Stream<Rating> ratings = ds.ratings()) {
      Map<String, List<Rating>> byUser = ratings.collect(Collectors.groupingBy(Rating::userId));
      assertThat(byUser).hasSize(40);
      byUser.values().forEach(list -> {
        assertThat(list).hasSize(25);
        assertThat(list.stream().map(Rating::itemId).distinct()).hasSize(25);
        assertThat(list).isSortedAccordingTo(java.util.Comparator.comparingLong(Rating::timestampMs));
        assertThat(list).allSatisfy(r -> assertThat(ds.items()).containsKey(r.itemId()));
      });
    }
  }

  @Test
  void genreSignalIsPlanted() {
    // Given a larger synthetic dataset
    SyntheticMovieLens.write(dir, 3, 200, 300, 30);
    Dataset ds = Datasets.load("ml-1m", dir);

    // When counting, per user, the share of ratings in the user's two most-rated primary genres
    try (Stream<Rating> ratings = ds.ratings()) {
      Map<String, List<Rating>> byUser = ratings.collect(Collectors.groupingBy(Rating::userId));
      double share = byUser.values().stream().mapToDouble(list -> {
        Map<String, Long> perGenre = list.stream()
            .collect(Collectors.groupingBy(r -> ds.items().get(r.itemId()).genres().get(0), Collectors.counting()));
        long top2 = perGenre.values().stream().sorted(java.util.Comparator.reverseOrder()).limit(2).mapToLong(Long::longValue).sum();
        return (double) top2 / list.size();
      }).average().orElse(0);

      // Then users concentrate on two genres far beyond the 2/18 of a uniform choice
      assertThat(share).isGreaterThan(0.6);
    }
  }

  @Test
  void titlesAreUniqueAndInvented() {
    SyntheticMovieLens.write(dir, 2, 5, 400, 3);
    Set<String> titles = new HashSet<>();
    Datasets.load("ml-1m", dir).items().values().forEach(i -> titles.add(i.title()));
    assertThat(titles).hasSize(400).allMatch(t -> t.startsWith("The "));
  }

  @Test
  void rejectsMoreRatingsThanItems() {
    assertThatThrownBy(() -> SyntheticMovieLens.write(dir, 1, 2, 3, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
