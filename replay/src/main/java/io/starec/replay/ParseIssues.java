package io.starec.replay;

import java.util.List;
import java.util.Set;

/**
 * Whether a response's {@code parseIssues} mean the model's ranking could not be read cleanly. The parser's codes
 * (RankingParser) that repaired the ranking count as failures: no numbered lines, hallucinated or duplicate lines,
 * candidates appended at the tail; so do the stream app's own repairs ("stream-app ..."). Benign notes (a missing
 * think block, a match by candidate number or by fuzzy title) do not.
 */
public final class ParseIssues {

  static final Set<String> FAILURE_CODES = Set.of("no-ranking", "hallucinated", "duplicate", "appended");

  private ParseIssues() {}

  public static boolean failure(List<String> issues) {
    for (String issue : issues) {
      int colon = issue.indexOf(':');
      String code = (colon < 0 ? issue : issue.substring(0, colon)).trim();
      if (FAILURE_CODES.contains(code) || code.startsWith("stream-app")) {
        return true;
      }
    }
    return false;
  }
}
