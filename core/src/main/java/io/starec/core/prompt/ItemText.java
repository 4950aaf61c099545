package io.starec.core.prompt;

import io.starec.avro.CandidateItem;
import java.util.List;
import java.util.Locale;

/** How one item is written into a prompt: quoted, capped title plus year/genres (movies) or artist/category (music). */
public final class ItemText {

  private ItemText() {}

  /** {@code "Heat" (1995) [Action, Crime]} or {@code "Kind of Blue" by "Miles Davis" [Jazz]}. */
  public static String describe(CandidateItem item, PromptDomain domain, PromptOptions o) {
    StringBuilder b = new StringBuilder();
    b.append(SafeText.quote(item.getTitle(), o.titleChars()));
    if (domain == PromptDomain.MUSIC) {
      if (item.getArtist() != null && !item.getArtist().isBlank()) {
        b.append(" by ").append(SafeText.quote(item.getArtist(), o.attributeChars()));
      }
      if (item.getYear() != null) {
        b.append(" (").append(item.getYear()).append(')');
      }
    } else if (item.getYear() != null) {
      b.append(" (").append(item.getYear()).append(')');
    }
    String genres = genres(item.getGenres(), o);
    if (!genres.isEmpty()) {
      b.append(" [").append(genres).append(']');
    }
    return b.toString();
  }

  static String genres(List<String> genres, PromptOptions o) {
    if (genres == null || genres.isEmpty() || o.maxGenres() == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (String g : genres) {
      String c = SafeText.clean(g, o.attributeChars());
      if (c.isEmpty()) {
        continue;
      }
      if (shown > 0) {
        b.append(", ");
      }
      b.append(c);
      if (++shown == o.maxGenres()) {
        break;
      }
    }
    return b.toString();
  }

  /** A rating as "4/5" or "4.5/5". */
  static String rating(double r) {
    if (r == Math.rint(r)) {
      return (long) r + "/5";
    }
    return String.format(Locale.ROOT, "%.1f/5", r);
  }
}
