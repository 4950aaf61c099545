package io.starec.core.parse;

import io.starec.avro.CandidateItem;
import io.starec.core.prompt.SafeText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an untrusted ranking completion (paper Table 1 format) into a full permutation of the candidates.
 * It never throws on model output. This is the one repair a served ranking gets: the gateway parses every RANK
 * rollout with it, and its issues travel with the result. The policy (DESIGN §6), in order:
 *
 * <ol>
 *   <li><b>Rationale.</b> The first {@code <think>...</think>} block is kept as the rationale; later blocks are
 *       ignored. A lone {@code </think>} makes the text before it the rationale; an unclosed {@code <think>}
 *       is parsed as both rationale and answer ({@code unclosed-think}); none at all gives {@code no-think}.</li>
 *   <li><b>Lines.</b> Ranked lines are numbered lines of the answer: {@code "N. Title - explanation"}, also
 *       {@code N)}, {@code N:}, {@code N -}, with optional bullets, {@code #} and markdown emphasis. Positions
 *       follow line order; the printed number is not trusted. At most {@code max(200, 4 x candidates)}
 *       numbered lines are read ({@code lines-ignored}), each up to {@value #MAX_LINE_CHARS} chars; input beyond
 *       {@value #MAX_INPUT_CHARS} chars is cut before any pattern sees it ({@code input-truncated}).</li>
 *   <li><b>Matching a line to a candidate</b>, first rule that applies:
 *     <ol>
 *       <li>normalised exact title ({@link TitleNormalizer}) of the line or of a prefix of it cut at a
 *           separator ({@code " - "}, {@code ": "}, {@code " ("}, {@code " ["}, {@code " by "}, ...), longest
 *           first; among candidates sharing that title a candidate label naming one of them wins, else the
 *           first unranked one in candidate order;</li>
 *       <li>candidate number: a label {@code [k]}, {@code (k)}, {@code Candidate k}, {@code #k} or a bare
 *           number, 1-based as in the prompt ({@code by-number}); a number outside 1..n is reported
 *           ({@code out-of-range-number}) and matching goes on;</li>
 *       <li>fuzzy: the best character-bigram Dice similarity, at least the threshold (default
 *           {@value #DEFAULT_FUZZY_THRESHOLD}), unranked candidates preferred, ties to the lower candidate
 *           index ({@code fuzzy-match}).</li>
 *     </ol></li>
 *   <li><b>Hallucinations</b> (no rule matched) are dropped and counted ({@code hallucinated}).</li>
 *   <li><b>Duplicates</b> (a rule matched an already ranked candidate only) keep the first position
 *       ({@code duplicate}).</li>
 *   <li><b>Unranked candidates</b> are appended in their original candidate order with an empty explanation
 *       ({@code appended}); no numbered line at all also gives {@code no-ranking}.</li>
 * </ol>
 * Issues are strings "code: detail" (model text in them is cleaned and capped); at most {@value #MAX_ISSUES}
 * are listed, then {@code issues-truncated}. Parse time is linear in the input, whatever its shape (the patterns
 * cannot backtrack, tags are found in one pass); {@code ParseBenchmark} in loadtest measures it.
 */
public final class RankingParser {

  public static final double DEFAULT_FUZZY_THRESHOLD = 0.8;
  public static final int MAX_INPUT_CHARS = 200_000;
  public static final int MAX_ISSUES = 40;
  static final int MAX_BODY_CHARS = 400;
  static final int MAX_LINE_CHARS = 4 * MAX_BODY_CHARS;
  static final int MAX_EXPLANATION_CHARS = 300;

  // Every quantifier is possessive (never gives back what it matched), so no pattern backtracks into a run of
  // whitespace: each runs in time linear in its input. "a whitespace before the dash" is a lookbehind for the same
  // reason. The old greedy form took seconds on one line of spaces, a number and tabs.
  private static final Pattern NUMBERED = Pattern.compile(
      "^\\s*+(?:[-*\\u2022>]++\\s*+)?(?:\\*\\*|__)?\\s*+(?:#\\s*+|rank\\s*+)?(\\d{1,4}+)\\s*+(?:\\*\\*|__)?"
          + "\\s*+(?:[.):\\]]|(?<=\\s)[-\\u2013\\u2014]\\s)\\s*+(.*+)$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern LABEL = Pattern.compile(
      "^(?:\\[\\s*+#?(\\d{1,6}+)\\s*+]|\\(\\s*+#?(\\d{1,6}+)\\s*+\\)|(?:candidate|item|c)\\s*+#?\\s*+(\\d{1,6}+)\\b"
          + "|#(\\d{1,6}+)\\b)\\s*+[:.)\\-\\u2013\\u2014]?\\s*+(.*+)$",
      Pattern.CASE_INSENSITIVE);
  // "5", "5.", "5)" or a number followed by an explanation: "5 - moody", "5: vivid"
  private static final Pattern BARE_NUMBER =
      Pattern.compile("^#?(\\d{1,9}+)\\s*+(?:[.)]|(?<=\\s)[-\\u2013\\u2014|]\\s*+(.*+)|:\\s*+(.*+))?$");
  private static final String[] SEPARATORS = {" - ", " \u2013 ", " \u2014 ", " -- ", ": ", " | ", " (", " [", " by ",
      ", "};

  private final double fuzzyThreshold;

  public RankingParser() {
    this(DEFAULT_FUZZY_THRESHOLD);
  }

  public RankingParser(double fuzzyThreshold) {
    if (!(fuzzyThreshold > 0.0 && fuzzyThreshold <= 1.0)) {
      throw new IllegalArgumentException("fuzzy threshold must be in (0, 1], was " + fuzzyThreshold);
    }
    this.fuzzyThreshold = fuzzyThreshold;
  }

  public ParsedRanking parse(String completion, List<CandidateItem> candidates) {
    List<String> ids = new ArrayList<>(candidates.size());
    List<String> titles = new ArrayList<>(candidates.size());
    for (CandidateItem c : candidates) {
      ids.add(c.getItemId());
      titles.add(c.getTitle());
    }
    return parse(completion, ids, titles);
  }

  /** @param itemIds candidate ids in prompt order; {@code titles} in the same order */
  public ParsedRanking parse(String completion, List<String> itemIds, List<String> titles) {
    if (itemIds.size() != titles.size()) {
      throw new IllegalArgumentException("itemIds and titles differ in size");
    }
    Run run = new Run(itemIds, titles);
    String text = completion == null ? "" : completion;
    if (text.length() > MAX_INPUT_CHARS) {
      run.issue("input-truncated: " + text.length() + " chars");
      text = text.substring(0, MAX_INPUT_CHARS);
    }
    ThinkSplit split = ThinkSplit.of(text);
    split.issues().forEach(run::issue);
    run.readLines(split.answer());
    return run.finish(split.rationale());
  }

  /** State of one parse. */
  private final class Run {
    final List<String> ids;
    final TitleNormalizer.Key[] titleKeys;
    final Map<String, List<Integer>> byTitle = new HashMap<>();
    final int[] positionOf;
    final List<ParsedRanking.Entry> entries = new ArrayList<>();
    final List<String> issues = new ArrayList<>();
    int dropped;
    int hallucinated;
    int duplicates;

    Run(List<String> ids, List<String> titles) {
      this.ids = ids;
      this.titleKeys = new TitleNormalizer.Key[ids.size()];
      this.positionOf = new int[ids.size()];
      for (int i = 0; i < titleKeys.length; i++) {
        String norm = TitleNormalizer.normalize(titles.get(i));
        titleKeys[i] = TitleNormalizer.Key.of(norm);
        positionOf[i] = -1;
        if (!norm.isEmpty()) {
          byTitle.computeIfAbsent(norm, k -> new ArrayList<>()).add(i);
        }
      }
    }

    void issue(String s) {
      if (issues.size() < MAX_ISSUES) {
        issues.add(s);
      } else {
        dropped++;
      }
    }

    void readLines(String answer) {
      int maxLines = Math.max(200, 4 * ids.size());
      int numbered = 0;
      int ignored = 0;
      int start = 0;
      int len = answer.length();
      while (start <= len) {
        int end = answer.indexOf('\n', start);
        if (end < 0) {
          end = len;
        }
        String line = answer.substring(start, end);
        start = end + 1;
        if (line.isBlank()) {
          continue;
        }
        Matcher m = NUMBERED.matcher(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
        if (!m.matches()) {
          continue;
        }
        if (numbered++ >= maxLines) {
          ignored++;
          continue;
        }
        handle(numbered, m.group(2));
      }
      if (ignored > 0) {
        issue("lines-ignored: " + ignored + " numbered lines beyond " + maxLines);
      }
      if (numbered == 0 && !ids.isEmpty()) {
        issue("no-ranking: no numbered lines");
      }
    }

    private void handle(int entryNo, String rawBody) {
      String body = stripMarkup(rawBody);
      if (body.length() > MAX_BODY_CHARS) {
        body = body.substring(0, MAX_BODY_CHARS);
      }
      // 1. exact title on the whole line
      Match exact = exact(body, -1);
      Integer label = null;
      String rest = body;
      if (exact == null) {
        Matcher lm = LABEL.matcher(body);
        Matcher bare = BARE_NUMBER.matcher(body);
        if (lm.matches()) {
          label = parseLabel(lm.group(1) != null ? lm.group(1)
              : lm.group(2) != null ? lm.group(2) : lm.group(3) != null ? lm.group(3) : lm.group(4));
          rest = lm.group(5);
        } else if (bare.matches()) {
          label = parseLabel(bare.group(1));
          rest = bare.group(2) != null ? bare.group(2) : bare.group(3) != null ? bare.group(3) : "";
        }
        if (label != null) {
          exact = exact(rest, label - 1);
        }
      }
      if (exact != null) {
        place(entryNo, exact.index, exact.explanation, body, null);
        return;
      }
      // 2. candidate number
      if (label != null) {
        if (label >= 1 && label <= ids.size()) {
          place(entryNo, label - 1, explanationAfter(rest, 0), body, "by-number: entry " + entryNo + " -> candidate " + label);
          return;
        }
        issue("out-of-range-number: entry " + entryNo + " number " + label);
      }
      // 3. fuzzy
      Match fuzzy = fuzzy(rest);
      if (fuzzy != null) {
        place(entryNo, fuzzy.index, fuzzy.explanation, body, String.format(Locale.ROOT, "fuzzy-match: entry %d '%s' -> candidate %d (%.2f)",
            entryNo, SafeText.clean(body, 60), fuzzy.index + 1, fuzzy.similarity));
        return;
      }
      hallucinated++;
      issue("hallucinated: entry " + entryNo + " '" + SafeText.clean(body, 60) + "'");
    }

    private void place(int entryNo, int index, String explanation, String body, String note) {
      if (positionOf[index] >= 0) {
        duplicates++;
        issue("duplicate: entry " + entryNo + " '" + SafeText.clean(body, 60) + "' already at rank "
            + (positionOf[index] + 1));
        return;
      }
      if (note != null) {
        issue(note);
      }
      positionOf[index] = entries.size();
      entries.add(new ParsedRanking.Entry(ids.get(index), index, entries.size() + 1,
          SafeText.clean(explanation, MAX_EXPLANATION_CHARS), false));
    }

    /** Exact normalised title of the text or one of its separator prefixes; prefers {@code preferred}. */
    private Match exact(String text, int preferred) {
      for (int cut : cuts(text)) {
        String key = TitleNormalizer.normalize(text.substring(0, cut));
        List<Integer> hits = key.isEmpty() ? null : byTitle.get(key);
        if (hits == null) {
          continue;
        }
        int chosen = -1;
        if (preferred >= 0 && preferred < ids.size() && hits.contains(preferred) && positionOf[preferred] < 0) {
          chosen = preferred;
        }
        for (int i = 0; chosen < 0 && i < hits.size(); i++) {
          if (positionOf[hits.get(i)] < 0) {
            chosen = hits.get(i);
          }
        }
        if (chosen < 0) {
          chosen = hits.get(0); // all taken: a duplicate
        }
        return new Match(chosen, explanationAfter(text, cut), 1.0);
      }
      return null;
    }

    private Match fuzzy(String text) {
      if (text.isBlank()) {
        return null;
      }
      double[] best = new double[ids.size()];
      int[] bestCut = new int[ids.size()];
      for (int cut : cuts(text)) {
        String norm = TitleNormalizer.normalize(text.substring(0, cut));
        if (norm.length() < 3) {
          continue;
        }
        TitleNormalizer.Key key = TitleNormalizer.Key.of(norm);
        for (int i = 0; i < titleKeys.length; i++) {
          if (titleKeys[i].text().isEmpty()) {
            continue;
          }
          double s = TitleNormalizer.similarity(key, titleKeys[i], fuzzyThreshold);
          if (s > best[i]) {
            best[i] = s;
            bestCut[i] = cut;
          }
        }
      }
      int free = -1;
      int taken = -1;
      for (int i = 0; i < best.length; i++) {
        if (best[i] < fuzzyThreshold) {
          continue;
        }
        if (positionOf[i] < 0) {
          if (free < 0 || best[i] > best[free]) {
            free = i;
          }
        } else if (taken < 0 || best[i] > best[taken]) {
          taken = i;
        }
      }
      int chosen = free >= 0 ? free : taken;
      return chosen < 0 ? null : new Match(chosen, explanationAfter(text, bestCut[chosen]), best[chosen]);
    }

    ParsedRanking finish(String rationale) {
      int appended = 0;
      for (int i = 0; i < ids.size(); i++) {
        if (positionOf[i] < 0) {
          positionOf[i] = entries.size();
          entries.add(new ParsedRanking.Entry(ids.get(i), i, entries.size() + 1, "", true));
          appended++;
        }
      }
      if (appended > 0) {
        issue("appended: " + appended + " unranked candidates");
      }
      if (dropped > 0) {
        issues.add("issues-truncated: " + dropped + " more");
      }
      return new ParsedRanking(rationale, entries, issues, hallucinated, duplicates, appended);
    }
  }

  private record Match(int index, String explanation, double similarity) {}

  /** Prefix lengths to try: the whole text, then the text cut at each separator, longest first. */
  static List<Integer> cuts(String text) {
    List<Integer> cuts = new ArrayList<>();
    cuts.add(text.length());
    for (String sep : SEPARATORS) {
      int from = 0;
      int found;
      while ((found = text.indexOf(sep, from)) > 0 && cuts.size() < 24) {
        if (!cuts.contains(found)) {
          cuts.add(found);
        }
        from = found + 1;
      }
    }
    cuts.sort((a, b) -> Integer.compare(b, a));
    return cuts;
  }

  private static final String[] EXPLANATION_SEPARATORS = {" - ", " \u2013 ", " \u2014 ", " -- ", ": ", " | "};

  /** The explanation: what follows the first explanation separator at or after the title's end. */
  private static String explanationAfter(String text, int cut) {
    if (cut >= text.length()) {
      return "";
    }
    int best = -1;
    int bestLen = 0;
    for (String sep : EXPLANATION_SEPARATORS) {
      int at = text.indexOf(sep, Math.max(0, cut - 1));
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        bestLen = sep.length();
      }
    }
    String rest = best >= 0 ? text.substring(best + bestLen) : text.substring(cut);
    int i = 0;
    while (i < rest.length() && " -\u2013\u2014:|,".indexOf(rest.charAt(i)) >= 0) {
      i++;
    }
    return rest.substring(i).strip();
  }

  private static String stripMarkup(String s) {
    return s.replace("**", "").replace("__", "").replace("`", "").strip();
  }

  private static Integer parseLabel(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // more digits than an int: out of range
    }
  }
}
