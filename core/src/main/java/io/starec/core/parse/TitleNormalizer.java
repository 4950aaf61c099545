package io.starec.core.parse;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The normal form under which a model's title is compared with a candidate's: Unicode NFKC, no accents, lower
 * case, "&amp;" as "and", a trailing "(1995)" removed, MovieLens' "Matrix, The" turned into "the matrix",
 * every run of non letters/digits a single space. Both sides go through the same function.
 */
public final class TitleNormalizer {

  static final int MAX_CHARS = 200;
  // Possessive quantifiers and no leading \s* in a find(): linear (spaces left before the year are dropped below
  // with every other run of non letters/digits).
  private static final Pattern TRAILING_YEAR = Pattern.compile("[(\\[]\\s*+\\d{4}\\s*+[)\\]]\\s*+$");
  private static final Pattern TRAILING_ARTICLE =
      Pattern.compile("^(.*?),\\s*+(the|a|an|le|la|les|l'|il|el|der|die|das)\\s*+$", Pattern.CASE_INSENSITIVE);
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private TitleNormalizer() {}

  public static String normalize(String raw) {
    if (raw == null) {
      return "";
    }
    String s = raw.length() > MAX_CHARS * 2 ? raw.substring(0, MAX_CHARS * 2) : raw;
    s = Normalizer.normalize(s, Normalizer.Form.NFKC).trim();
    Matcher year = TRAILING_YEAR.matcher(s);
    if (year.find()) {
      s = s.substring(0, year.start());
    }
    Matcher m = TRAILING_ARTICLE.matcher(s);
    if (m.matches()) {
      s = m.group(2) + " " + m.group(1);
    }
    s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    s = s.toLowerCase(Locale.ROOT).replace("&", " and ");
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (space && b.length() > 0) {
          b.append(' ');
        }
        space = false;
        b.appendCodePoint(cp);
      } else {
        space = true;
      }
      if (b.length() >= MAX_CHARS) {
        break;
      }
    }
    return b.toString();
  }

  /** A normalised title with its character bigrams, sorted: computed once, compared with many titles. */
  record Key(String text, int[] bigrams) {
    static Key of(String normalised) {
      int[] bigrams = new int[Math.max(0, normalised.length() - 1)];
      for (int i = 0; i < bigrams.length; i++) {
        bigrams[i] = (normalised.charAt(i) << 16) | normalised.charAt(i + 1);
      }
      Arrays.sort(bigrams);
      return new Key(normalised, bigrams);
    }
  }

  /**
   * Similarity of two normalised titles in [0, 1] (1 for equal strings) where it is at least {@code floor}, and
   * some value below {@code floor} otherwise: the larger of the Sørensen-Dice coefficient over character bigrams
   * (robust to reordered words and extra words) and, for titles of similar length up to 120 chars, 1 - OSA edit
   * distance / length (robust to typos and transpositions). The edit distance is skipped when the bigrams rule it
   * out: one edit changes at most 3 bigrams, so titles at distance d share at least max length - 1 - 3d of them.
   */
  static double similarity(Key a, Key b, double floor) {
    String x = a.text();
    String y = b.text();
    if (x.equals(y)) {
      return x.isEmpty() ? 0.0 : 1.0;
    }
    int common = commonCount(a.bigrams(), b.bigrams());
    int pairs = a.bigrams().length + b.bigrams().length;
    double dice = a.bigrams().length == 0 || b.bigrams().length == 0 ? 0.0 : 2.0 * common / pairs;
    int max = Math.max(x.length(), y.length());
    int minDistance = (max - 1 - common + 2) / 3;
    if (max <= 120 && Math.abs(x.length() - y.length()) <= Math.max(2, 0.3 * max)
        && 1.0 - (double) minDistance / max >= floor) {
      return Math.max(dice, 1.0 - (double) osa(x, y) / max);
    }
    return dice;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int osa(String a, String b) {
    int n = a.length();
    int m = b.length();
    int[] prev2 = new int[m + 1];
    int[] prev = new int[m + 1];
    int[] cur = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
      }
      int[] t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    return prev[m];
  }

  /** The size of the intersection of two sorted multisets. */
  private static int commonCount(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return common;
  }
}
