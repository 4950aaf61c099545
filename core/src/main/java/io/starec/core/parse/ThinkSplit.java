package io.starec.core.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a completion into its {@code <think>} rationale and the answer. Rules: the first
 * {@code <think>...</think>} block is the rationale and every later block is removed from the answer; a lone
 * {@code </think>} (templates that open the block themselves) makes everything before it the rationale; an
 * unclosed {@code <think>} makes the rest both rationale and answer (so a truncated completion can still
 * yield a ranking). Tags match case-insensitively on the text itself: a lower-cased copy can be longer than the
 * text ('İ' becomes two chars), so its offsets would cut the text in the wrong places. Linear in the text.
 */
record ThinkSplit(String rationale, String answer, List<String> issues) {

  static final int MAX_RATIONALE_CHARS = 8000;
  private static final String OPEN = "<think>";
  private static final String CLOSE = "</think>";

  static ThinkSplit of(String text) {
    List<String> issues = new ArrayList<>();
    int open = indexOfTag(text, OPEN, 0);
    int close = indexOfTag(text, CLOSE, open < 0 ? 0 : open);
    String rationale;
    String answer;
    if (open >= 0 && close > open) {
      rationale = text.substring(open + OPEN.length(), close);
      answer = text.substring(0, open) + "\n" + text.substring(close + CLOSE.length());
    } else if (open < 0 && close >= 0) {
      rationale = text.substring(0, close);
      answer = text.substring(close + CLOSE.length());
    } else if (open >= 0) {
      issues.add("unclosed-think");
      rationale = text.substring(open + OPEN.length());
      answer = text.substring(0, open) + "\n" + rationale;
    } else {
      issues.add("no-think");
      rationale = "";
      answer = text;
    }
    answer = stripBlocks(answer);
    rationale = rationale.strip();
    if (rationale.length() > MAX_RATIONALE_CHARS) {
      rationale = rationale.substring(0, MAX_RATIONALE_CHARS) + "…";
      issues.add("rationale-truncated");
    }
    return new ThinkSplit(rationale, answer, issues);
  }

  /** Removes later think blocks and stray tags. */
  private static String stripBlocks(String s) {
    int open = indexOfTag(s, OPEN, 0);
    int close = indexOfTag(s, CLOSE, 0);
    if (open < 0 && close < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    // invariant: open and close are the first tags at or after i (-1: none)
    while (open >= 0 || close >= 0) {
      if (open >= 0 && (close < 0 || open < close)) {
        b.append(s, i, open);
        i = close < 0 ? open + OPEN.length() : close + CLOSE.length(); // unclosed later block: keep its text
      } else {
        b.append(s, i, close);
        i = close + CLOSE.length();
      }
      open = nextTag(s, OPEN, open, i);
      close = nextTag(s, CLOSE, close, i);
    }
    return b.append(s, i, s.length()).toString();
  }

  /**
   * The first {@code tag} at or after {@code from}, given {@code last}, the first one at or after an earlier
   * position: searched again only once passed, so every part of the text is scanned once per tag.
   */
  private static int nextTag(String s, String tag, int last, int from) {
    return last < 0 || last >= from ? last : indexOfTag(s, tag, from);
  }

  /** The first case-insensitive occurrence of an ASCII {@code tag} at or after {@code from}, or -1. */
  private static int indexOfTag(String s, String tag, int from) {
    for (int i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
      if (s.regionMatches(true, i, tag, 0, tag.length())) {
        return i;
      }
    }
    return -1;
  }
}
