package io.starec.research.dataset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MovieLens 1M in its original GroupLens format: {@code movies.dat}
 * ({@code MovieID::Title (Year)::Genre|Genre}), {@code users.dat}
 * ({@code UserID::Gender::Age::Occupation::Zip}) and {@code ratings.dat}
 * ({@code UserID::MovieID::Rating::Timestamp}, seconds), all '::'-separated and ISO-8859-1.
 * Each file may instead be present gzip-compressed as {@code name.gz}.
 */
public final class MovieLens1m {

  public static final Charset CHARSET = StandardCharsets.ISO_8859_1;
  private static final String SEP = "::";

  private MovieLens1m() {}

  public static Dataset load(Path dir) {
    return load(dir, "ml-1m");
  }

  /** Loads files in the ML-1M format under another dataset name (e.g. "synthetic"). */
  public static Dataset load(Path dir, String name) {
    Path movies = TextFiles.resolve(dir, "movies.dat");
    Path users = TextFiles.resolve(dir, "users.dat");
    Path ratings = TextFiles.resolve(dir, "ratings.dat");
    Map<String, DatasetItem> items = new LinkedHashMap<>();
    for (DatasetItem item : TextFiles.readAll(movies, CHARSET, MovieLens1m::parseMovie)) {
      items.put(item.itemId(), item);
    }
    Map<String, DatasetUser> profiles = new LinkedHashMap<>();
    for (DatasetUser user : TextFiles.readAll(users, CHARSET, MovieLens1m::parseUser)) {
      profiles.put(user.userId(), user);
    }
    return new Dataset(name, items, profiles, () -> ratings(ratings), true);
  }

  /** Streams a ratings.dat(.gz) file. */
  public static Stream<Rating> ratings(Path file) {
    return TextFiles.lines(file, CHARSET).map(MovieLens1m::parseRating);
  }

  static DatasetItem parseMovie(TextFiles.Line line) {
    // titles may contain ':' (never "::"): id is before the first "::", genres after the last
    String text = line.text();
    int first = text.indexOf(SEP);
    int last = text.lastIndexOf(SEP);
    if (first < 0 || last == first) {
      throw line.error("expected 3 fields 'MovieID::Title::Genres'");
    }
    String id = String.valueOf(line.parseLong(text.substring(0, first), "MovieID"));
    String rawTitle = line.nonEmpty(text.substring(first + SEP.length(), last), "Title");
    String genreText = text.substring(last + SEP.length()).trim();
    List<String> genres = genreText.isEmpty()
        ? List.of()
        : Arrays.stream(genreText.split("\\|")).map(String::trim).filter(g -> !g.isEmpty()).toList();
    MovieLensText.TitleYear ty = MovieLensText.splitTitle(rawTitle);
    return new DatasetItem(id, ty.title(), ty.year(), genres, null, Map.of());
  }

  static DatasetUser parseUser(TextFiles.Line line) {
    String[] f = line.fields(SEP, 5);
    String id = String.valueOf(line.parseLong(f[0], "UserID"));
    String gender = MovieLensText.gender(f[1]);
    if (gender == null) {
      throw line.error("Gender must be M or F");
    }
    int ageCode = line.parseInt(f[2], "Age");
    String age = MovieLensText.ML1M_AGES.get(ageCode);
    if (age == null) {
      throw line.error("Age code " + ageCode + " is not one of " + MovieLensText.ML1M_AGES.keySet());
    }
    int occupationCode = line.parseInt(f[3], "Occupation");
    if (occupationCode < 0 || occupationCode >= MovieLensText.ML1M_OCCUPATIONS.size()) {
      throw line.error("Occupation code " + occupationCode + " is not in 0..20");
    }
    String occupation = MovieLensText.ML1M_OCCUPATIONS.get(occupationCode);
    return new DatasetUser(id, gender, age, occupation, Map.of(
        "zip", f[4].trim(), "ageCode", String.valueOf(ageCode),
        "occupationCode", String.valueOf(occupationCode)));
  }

  static Rating parseRating(TextFiles.Line line) {
    String[] f = line.fields(SEP, 4);
    long user = line.parseLong(f[0], "UserID");
    long movie = line.parseLong(f[1], "MovieID");
    int rating = line.parseInt(f[2], "Rating");
    if (rating < 1 || rating > 5) {
      throw line.error("Rating " + rating + " is outside 1..5");
    }
    long seconds = line.parseLong(f[3], "Timestamp");
    if (seconds < 0) {
      throw line.error("Timestamp is negative");
    }
    return new Rating(String.valueOf(user), String.valueOf(movie), (double) rating, seconds * 1000L);
  }
}
