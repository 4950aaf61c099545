package io.starec.research.dataset;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLens100kTest {

  @TempDir Path dir;

  private void writeMetadata(String... itemLines) throws IOException {
    Fixtures.write(dir, "u.genre", ISO_8859_1, "unknown|0", "Action|1", "Comedy|2", "Drama|3", "");
    Fixtures.write(dir, "u.item", ISO_8859_1, itemLines);
    Fixtures.write(dir, "u.user", ISO_8859_1, "1|24|M|technician|85711", "2|53|F|other|94043");
  }

  @Test
  void mapsGenreFlagsThroughUGenreAndStreamsTabSeparatedRatings() throws IOException {
    // Given u.item with 4 genre flags named by u.genre, and a title without a year
    writeMetadata(
        "1|The Velvet Station (1995)|01-Jan-1995||http://example.invalid/1|0|1|0|1",
        "2|Quiet Summer|12-Mar-1997||http://example.invalid/2|0|0|1|0",
        "3|unknown||||1|0|0|0");
    Fixtures.write(dir, "u.data", ISO_8859_1, "2\t1\t4\t881250949", "1\t3\t1\t878887116");

    // When loaded
    Dataset ds = MovieLens100k.load(dir);

    // Then flags become names, the year falls back to the release date
    assertThat(ds.items().get("1").genres()).containsExactly("Action", "Drama");
    assertThat(ds.items().get("1").year()).isEqualTo(1995);
    assertThat(ds.items().get("2").title()).isEqualTo("Quiet Summer");
    assertThat(ds.items().get("2").year()).isEqualTo(1997);
    assertThat(ds.items().get("3").year()).isNull();
    assertThat(ds.items().get("3").genres()).containsExactly("unknown");
    assertThat(ds.users().get("2")).isEqualTo(new DatasetUser("2", "female", "53", "other", java.util.Map.of("zip", "94043")));
    try (Stream<Rating> ratings = ds.ratings()) {
      assertThat(ratings.toList()).containsExactly(
          new Rating("2", "1", 4.0, 881_250_949_000L), new Rating("1", "3", 1.0, 878_887_116_000L));
    }
  }

  @Test
  void badGenreFlagIsAnErrorWithLine() throws IOException {
    writeMetadata("1|The Velvet Station (1995)|01-Jan-1995||x|0|1|0|1", "2|Quiet Summer|||x|0|2|0|0");
    Fixtures.write(dir, "u.data", ISO_8859_1, "1\t1\t4\t1");
    assertThatThrownBy(() -> MovieLens100k.load(dir))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.file().getFileName().toString()).isEqualTo("u.item");
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("genre flag Action must be 0 or 1");
        });
  }

  @Test
  void malformedRatingLineAndGzippedData() throws IOException {
    writeMetadata("1|The Velvet Station (1995)|01-Jan-1995||x|0|1|0|1");
    Fixtures.writeGz(dir, "u.data", ISO_8859_1, "1\t1\t4\t10", "1 1 4 11");
    assertThatThrownBy(() -> MovieLens100k.load(dir).ratings().toList())
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.file().getFileName().toString()).isEqualTo("u.data.gz");
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("expected 4 fields separated by '\\t'");
        });
    try (Stream<Rating> ratings = MovieLens100k.load(dir).ratings()) {
      assertThat(ratings.limit(1).toList()).containsExactly(new Rating("1", "1", 4.0, 10_000L));
    }
  }

  @Test
  void genreIndexesMustBeDense() throws IOException {
    Fixtures.write(dir, "u.genre", ISO_8859_1, "unknown|0", "Action|5");
    Fixtures.write(dir, "u.item", ISO_8859_1, "1|A (1995)|||x|0|0");
    Fixtures.write(dir, "u.user", ISO_8859_1, "1|24|M|technician|85711");
    Fixtures.write(dir, "u.data", ISO_8859_1, "1\t1\t4\t1");
    assertThatThrownBy(() -> MovieLens100k.load(dir)).hasMessageContaining("genre indexes");
  }
}
