package io.starec.research.dataset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * MovieLens 100K in its original format: {@code u.data} (user \t item \t rating \t timestamp),
 * {@code u.item} (id|title|release date|video release date|IMDb URL|19 genre flags), {@code u.genre}
 * (name|index, gives the flag names), {@code u.user} (id|age|gender|occupation|zip). ISO-8859-1;
 * any file may be {@code .gz}. Ages are exact years here, kept as text ("24"); occupations are
 * names already.
 */
public final class MovieLens100k {

  public static final Charset CHARSET = StandardCharsets.ISO_8859_1;

  private MovieLens100k() {}

  public static Dataset load(Path dir) {
    Path genreFile = TextFiles.resolve(dir, "u.genre");
    Path itemFile = TextFiles.resolve(dir, "u.item");
    Path userFile = TextFiles.resolve(dir, "u.user");
    Path dataFile = TextFiles.resolve(dir, "u.data");
    List<String> genres = genres(genreFile);
    Map<String, DatasetItem> items = new LinkedHashMap<>();
    for (DatasetItem item : TextFiles.readAll(itemFile, CHARSET, l -> parseItem(l, genres))) {
      items.put(item.itemId(), item);
    }
    Map<String, DatasetUser> users = new LinkedHashMap<>();
    for (DatasetUser user : TextFiles.readAll(userFile, CHARSET, MovieLens100k::parseUser)) {
      users.put(user.userId(), user);
    }
    return new Dataset("ml-100k", items, users, () -> ratings(dataFile), true);
  }

  public static Stream<Rating> ratings(Path file) {
    return TextFiles.lines(file, CHARSET).map(MovieLens100k::parseRating);
  }

  /** Genre names by flag position; u.genre lines are "name|index". */
  static List<String> genres(Path file) {
    List<String[]> rows = TextFiles.readAll(file, CHARSET, line -> {
      String[] f = line.fields("|", 2);
      return new String[] {line.nonEmpty(f[0], "genre"), String.valueOf(line.parseInt(f[1], "index"))};
    });
    String[] byIndex = new String[rows.size()];
    for (String[] row : rows) {
      int index = Integer.parseInt(row[1]);
      if (index < 0 || index >= byIndex.length || byIndex[index] != null) {
        throw new DatasetFormatException(file, 0, "genre indexes must be 0.." + (byIndex.length - 1)
            + " without repeats, found " + index + " for " + row[0]);
      }
      byIndex[index] = row[0];
    }
    return List.of(byIndex);
  }

  static DatasetItem parseItem(TextFiles.Line line, List<String> genreNames) {
    String[] f = line.fields("|", 5 + genreNames.size());
    String id = String.valueOf(line.parseLong(f[0], "movie id"));
    String rawTitle = line.nonEmpty(f[1], "movie title");
    MovieLensText.TitleYear ty = MovieLensText.splitTitle(rawTitle);
    Integer year = ty.year();
    String release = f[2].trim();
    if (year == null && release.matches("\\d{2}-[A-Za-z]{3}-\\d{4}")) {
      year = Integer.valueOf(release.substring(release.length() - 4));
    }
    List<String> genres = new ArrayList<>();
    for (int g = 0; g < genreNames.size(); g++) {
      String flag = f[5 + g].trim();
      if (flag.equals("1")) {
        genres.add(genreNames.get(g));
      } else if (!flag.equals("0")) {
        throw line.error("genre flag " + genreNames.get(g) + " must be 0 or 1, was '" + flag + "'");
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    if (!release.isEmpty()) {
      attributes.put("releaseDate", release);
    }
    if (!f[4].isBlank()) {
      attributes.put("imdbUrl", f[4].trim());
    }
    return new DatasetItem(id, ty.title(), year, genres, null, attributes);
  }

  static DatasetUser parseUser(TextFiles.Line line) {
    String[] f = line.fields("|", 5);
    String id = String.valueOf(line.parseLong(f[0], "user id"));
    int age = line.parseInt(f[1], "age");
    String gender = MovieLensText.gender(f[2]);
    if (gender == null) {
      throw line.error("gender must be M or F");
    }
    String occupation = line.nonEmpty(f[3], "occupation");
    return new DatasetUser(id, gender, String.valueOf(age), occupation, Map.of("zip", f[4].trim()));
  }

  static Rating parseRating(TextFiles.Line line) {
    String[] f = line.fields("\t", 4);
    long user = line.parseLong(f[0], "user id");
    long item = line.parseLong(f[1], "item id");
    int rating = line.parseInt(f[2], "rating");
    if (rating < 1 || rating > 5) {
      throw line.error("rating " + rating + " is outside 1..5");
    }
    long seconds = line.parseLong(f[3], "timestamp");
    if (seconds < 0) {
      throw line.error("timestamp is negative");
    }
    return new Rating(String.valueOf(user), String.valueOf(item), (double) rating, seconds * 1000L);
  }
}
