package io.starec.research.dataset;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decoding shared by the MovieLens formats: codes to readable text, "Title (1995)" splitting. */
public final class MovieLensText {

  /** ML-1M age codes, from the ML-1M README ("Age is chosen from the following ranges"). */
  public static final Map<Integer, String> ML1M_AGES = Map.of(
      1, "Under 18",
      18, "18-24",
      25, "25-34",
      35, "35-44",
      45, "45-49",
      50, "50-55",
      56, "56+");

  /** ML-1M occupation codes 0..20, from the ML-1M README. */
  public static final java.util.List<String> ML1M_OCCUPATIONS = java.util.List.of(
      "other or not specified",
      "academic/educator",
      "artist",
      "clerical/admin",
      "college/grad student",
      "customer service",
      "doctor/health care",
      "executive/managerial",
      "farmer",
      "homemaker",
      "K-12 student",
      "lawyer",
      "programmer",
      "retired",
      "sales/marketing",
      "scientist",
      "self-employed",
      "technician/engineer",
      "tradesman/craftsman",
      "unemployed",
      "writer");

  /** The 18 ML-1M genres, from its README. */
  public static final java.util.List<String> ML1M_GENRES = java.util.List.of(
      "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
      "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
      "Western");

  // the last "(dddd)" in the title; anything after it, such as "(V)", stays in the title
  private static final Pattern YEAR = Pattern.compile("^(.*)\\((\\d{4})\\)(.*)$");

  private MovieLensText() {}

  /** A title split into its name and year (null when the title carries no "(yyyy)"). */
  public record TitleYear(String title, Integer year) {}

  public static TitleYear splitTitle(String raw) {
    String text = raw.trim();
    Matcher m = YEAR.matcher(text);
    if (!m.matches()) {
      return new TitleYear(text, null);
    }
    String title = (m.group(1).trim() + " " + m.group(3).trim()).trim();
    return new TitleYear(title.isEmpty() ? text : title, Integer.valueOf(m.group(2)));
  }

  public static String gender(String code) {
    return switch (code.trim()) {
      case "M" -> "male";
      case "F" -> "female";
      default -> null;
    };
  }
}
