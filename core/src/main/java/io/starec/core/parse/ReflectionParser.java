package io.starec.core.parse;

import io.starec.core.prompt.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the updated description from a reflection completion (paper Table 2). Never throws on model output.
 *
 * <p>Policy: the think block is split off as for rankings ({@link RankingParser}); the description is the text
 * after the <em>last</em> "Updated User description:" marker in the answer (case-insensitive, markdown
 * emphasis allowed), with surrounding brackets/quotes removed, whitespace collapsed and capped at
 * {@code maxChars} ({@code description-truncated}). Without a marker the whole answer is used
 * ({@code missing-marker}); an empty result gives null ({@code empty-description}).
 */
public final class ReflectionParser {

  public static final int DEFAULT_MAX_CHARS = 1500;
  // Only the end of a marker is used, so it starts at the word: a leading \s* would be retried from every offset
  // of a whitespace run (quadratic). Possessive quantifiers never backtrack: linear in the answer.
  private static final Pattern MARKER =
      Pattern.compile("updated\\s++user\\s++description\\s*+(?:\\*\\*|__)?\\s*+[:\\uFF1A]\\s*+(?:\\*\\*|__)?",
          Pattern.CASE_INSENSITIVE);

  private final int maxChars;

  public ReflectionParser() {
    this(DEFAULT_MAX_CHARS);
  }

  public ReflectionParser(int maxChars) {
    if (maxChars < 16) {
      throw new IllegalArgumentException("maxChars must be >= 16");
    }
    this.maxChars = maxChars;
  }

  public ParsedReflection parse(String completion) {
    List<String> issues = new ArrayList<>();
    String text = completion == null ? "" : completion;
    if (text.length() > RankingParser.MAX_INPUT_CHARS) {
      issues.add("input-truncated: " + text.length() + " chars");
      text = text.substring(0, RankingParser.MAX_INPUT_CHARS);
    }
    ThinkSplit split = ThinkSplit.of(text);
    issues.addAll(split.issues());
    String answer = split.answer();
    Matcher m = MARKER.matcher(answer);
    int after = -1;
    while (m.find()) {
      after = m.end();
    }
    String raw;
    if (after >= 0) {
      raw = answer.substring(after);
    } else {
      issues.add("missing-marker: no 'Updated User description:'");
      raw = answer;
    }
    String cleaned = unwrap(SafeText.clean(raw, RankingParser.MAX_INPUT_CHARS));
    if (cleaned.length() > maxChars) {
      issues.add("description-truncated: over " + maxChars + " chars");
      cleaned = SafeText.clean(cleaned, maxChars);
    }
    if (cleaned.isBlank()) {
      issues.add("empty-description");
      return new ParsedReflection(split.rationale(), null, issues);
    }
    return new ParsedReflection(split.rationale(), cleaned, issues);
  }

  /** Drops one layer of surrounding [ ] or quotes, as in the template's "[...]". */
  private static String unwrap(String s) {
    String t = s.strip();
    if (t.length() >= 2) {
      char a = t.charAt(0);
      char z = t.charAt(t.length() - 1);
      if ((a == '[' && z == ']') || (a == '\'' && z == '\'') || (a == '(' && z == ')')) {
        t = t.substring(1, t.length() - 1).strip();
      }
    }
    return t;
  }
}
