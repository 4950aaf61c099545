package io.starec.core.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a completion into its {@code <think>} rationale and the answer. Rules: the first
 * {@code <think>...</think>} block is the rationale and every later block is removed from the answer; a lone
 * {@code </think>} (templates that open the block themselves) makes everything before it the rationale; an
 * unclosed {@code <think>} makes the rest both rationale and answer (so a truncated completion can still
 * yield a ranking).
 */
record ThinkSplit(String rationale, String answer, List<String> issues) {

  static final int MAX_RATIONALE_CHARS = 8000;
  private static final String OPEN = "<think>";
  private static final String CLOSE = "</think>";

  static ThinkSplit of(String text) {
    List<String> issues = new ArrayList<>();
    String lower = text.toLowerCase(Locale.ROOT);
    int open = lower.indexOf(OPEN);
    int close = lower.indexOf(CLOSE, open < 0 ? 0 : open);
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

  /** Removes later think blocks and stray tags, linearly. */
  private static String stripBlocks(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.contains("<think") && !lower.contains("</think")) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int open = lower.indexOf(OPEN, i);
      int strayClose = lower.indexOf(CLOSE, i);
      if (open < 0 && strayClose < 0) {
        b.append(s, i, s.length());
        break;
      }
      if (open >= 0 && (strayClose < 0 || open < strayClose)) {
        b.append(s, i, open);
        int close = lower.indexOf(CLOSE, open);
        if (close < 0) { // unclosed later block: keep its text, drop the tag
          i = open + OPEN.length();
        } else {
          i = close + CLOSE.length();
        }
      } else {
        b.append(s, i, strayClose);
        i = strayClose + CLOSE.length();
      }
    }
    return b.toString();
  }
}
