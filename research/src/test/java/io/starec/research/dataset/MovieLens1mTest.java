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

class MovieLens1mTest {

  @TempDir Path dir;

  private void writeMetadata() throws IOException {
    Fixtures.write(dir, "movies.dat", ISO_8859_1,
        "1::The Copper Lighthouse (1994)::Drama|Mystery",
        "2::Café Étoile: A Story (1987)::Comedy|Romance",
        "3::Harbor Nights, The (Revenge) (2000)::Action",
        "4::Untitled Reel::");
    Fixtures.write(dir, "users.dat", ISO_8859_1,
        "1::F::1::10::48067",
        "2::M::56::16::70072",
        "3::M::25::4::55117");
  }

  @Test
  void parsesMoviesUsersAndStreamsRatings() throws IOException {
    // Given the three ML-1M files, with ISO-8859-1 titles and one CRLF line
    writeMetadata();
    Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::2::5::978300760", "2::1::3::978302109\r", "3::3::1::978301968");

    // When loaded
    Dataset ds = MovieLens1m.load(dir);

    // Then titles are split from their year, genres split on '|', demographics decoded
    assertThat(ds.items().get("2")).isEqualTo(new DatasetItem("2", "Café Étoile: A Story", 1987,
        List.of("Comedy", "Romance"), null, java.util.Map.of()));
    assertThat(ds.items().get("3").title()).isEqualTo("Harbor Nights, The (Revenge)");
    assertThat(ds.items().get("3").year()).isEqualTo(2000);
    assertThat(ds.items().get("4").year()).isNull();
    assertThat(ds.items().get("4").genres()).isEmpty();
    DatasetUser u1 = ds.users().get("1");
    assertThat(u1.gender()).isEqualTo("female");
    assertThat(u1.age()).isEqualTo("Under 18");
    assertThat(u1.occupation()).isEqualTo("K-12 student");
    assertThat(ds.users().get("2").age()).isEqualTo("56+");
    assertThat(ds.users().get("2").occupation()).isEqualTo("self-employed");
    assertThat(ds.users().get("3").occupation()).isEqualTo("college/grad student");
    assertThat(ds.users().get("3").attributes()).containsEntry("zip", "55117");
    try (Stream<Rating> ratings = ds.ratings()) {
      assertThat(ratings.toList()).containsExactly(
          new Rating("1", "2", 5.0, 978_300_760_000L),
          new Rating("2", "1", 3.0, 978_302_109_000L),
          new Rating("3", "3", 1.0, 978_301_968_000L));
    }
    assertThat(ds.explicitRatings()).isTrue();
  }

  @Test
  void readsGzippedRatings() throws IOException {
    // Given ratings.dat only as ratings.dat.gz
    writeMetadata();
    Fixtures.writeGz(dir, "ratings.dat", ISO_8859_1, "1::1::4::100", "1::2::2::200");

    // When streamed
    try (Stream<Rating> ratings = MovieLens1m.load(dir).ratings()) {
      // Then the compressed file is read the same way
      assertThat(ratings.map(Rating::itemId).toList()).containsExactly("1", "2");
    }
  }

  @Test
  void malformedRatingNamesFileLineAndReason() throws IOException {
    // Given a rating that is not a number on line 3
    writeMetadata();
    Path file = Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::1::4::100", "1::2::2::200", "1::3::five::300");

    // When streamed to the end, Then the error says where and why
    assertThatThrownBy(() -> {
      try (Stream<Rating> ratings = MovieLens1m.load(dir).ratings()) {
        ratings.forEach(r -> { });
      }
    }).isInstanceOfSatisfying(DatasetFormatException.class, e -> {
      assertThat(e.file()).isEqualTo(file);
      assertThat(e.line()).isEqualTo(3);
      assertThat(e.reason()).contains("Rating is not an integer");
      assertThat(e.getMessage()).startsWith(file + ":3: ");
    });
  }

  @Test
  void wrongFieldCountAndOutOfRangeRatingAreErrors() throws IOException {
    writeMetadata();
    Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::1::4");
    assertThatThrownBy(() -> MovieLens1m.load(dir).ratings().toList())
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(":1: expected 4 fields separated by '::' but found 3");
    Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::1::9::100");
    assertThatThrownBy(() -> MovieLens1m.load(dir).ratings().toList())
        .hasMessageContaining("Rating 9 is outside 1..5");
  }

  @Test
  void unknownAgeCodeInUsersIsAnError() throws IOException {
    writeMetadata();
    Fixtures.write(dir, "users.dat", ISO_8859_1, "1::F::1::10::48067", "2::M::30::16::70072");
    Fixtures.write(dir, "ratings.dat", ISO_8859_1, "1::1::4::100");
    assertThatThrownBy(() -> MovieLens1m.load(dir))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("Age code 30");
        });
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> MovieLens1m.load(dir))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("movies.dat")
        .hasMessageContaining("not found");
  }

  @Test
  void titleWithoutYearKeepsWholeTitle() {
    assertThat(MovieLensText.splitTitle("Night Parade (V)")).isEqualTo(new MovieLensText.TitleYear("Night Parade (V)", null));
    assertThat(MovieLensText.splitTitle("Night Parade (1995) (V)")).isEqualTo(new MovieLensText.TitleYear("Night Parade (V)", 1995));
  }
}
