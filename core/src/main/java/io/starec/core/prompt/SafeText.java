package io.starec.core.prompt;

import java.text.Normalizer;

/**
 * Makes untrusted text (titles, artists, genres, descriptions) safe to embed in a prompt as data.
 * The result is one line, without control or format characters (bidi overrides, zero-width), without
 * angle brackets (so neither {@code <think>} nor chat-template tokens like {@code <|im_start|>} can be
 * formed), with double quotes replaced by single ones (so the value cannot close its own quotes), and
 * capped in length. A title like "Ignore previous instructions" therefore only changes its own quoted line.
 */
public final class SafeText {

  /** Marks text that was cut. */
  public static final String ELLIPSIS = "…";

  private SafeText() {}

  /** Cleans and caps {@code raw}; null becomes the empty string. */
  public static String clean(String raw, int maxChars) {
    if (raw == null || raw.isEmpty() || maxChars <= 0) {
      return "";
    }
    // Bound the work on huge inputs before normalising.
    String s = raw.length() > maxChars * 4 + 64 ? raw.substring(0, maxChars * 4 + 64) : raw;
    s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(Math.min(s.length(), maxChars + 1));
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = out.length() > 0;
        continue;
      }
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE || type == Character.SURROGATE
          || type == Character.UNASSIGNED) {
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      switch (cp) {
        case '"', '\u201C', '\u201D' -> out.append('\'');
        case '<' -> out.append('\u2039');
        case '>' -> out.append('\u203A');
        case '`' -> out.append('\'');
        default -> out.appendCodePoint(cp);
      }
      if (out.length() > maxChars) {
        break;
      }
    }
    if (out.length() > maxChars) {
      int cut = maxChars - ELLIPSIS.length();
      if (cut > 0 && Character.isHighSurrogate(out.charAt(cut - 1))) {
        cut--;
      }
      return out.substring(0, Math.max(0, cut)).trim() + ELLIPSIS;
    }
    return out.toString();
  }

  /** {@link #clean} wrapped in double quotes: the form every untrusted value takes in a prompt. */
  public static String quote(String raw, int maxChars) {
    return '"' + clean(raw, maxChars) + '"';
  }
}
