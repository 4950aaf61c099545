package io.starec.loadtest.bench;

import io.starec.avro.CandidateItem;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Parse time of the gateway's parsers ({@code starec loadtest --parsers [SECONDS]}): ms per parse and ns per input
 * char of {@link RankingParser} (20 candidates) and {@link ReflectionParser}, on normal completions and on the
 * pathological shapes of the fuzz corpus. Linear parsers keep ns/char in one range whatever the shape; input beyond
 * {@link RankingParser#MAX_INPUT_CHARS} is cut first, so a million-char shape costs what its first 200,000 cost
 * (its ns/char is per char of the whole input).
 */
public final class ParseBenchmark {

  /** A completion to parse, against the candidates it is ranked over. */
  record Shape(String name, String text, List<CandidateItem> candidates) {}

  /** Where results go, so the JIT cannot drop a parse whose result is unused. */
  private static volatile int sink;

  private ParseBenchmark() {}

  /** Warms each parser on each shape for {@code seconds}, then measures it for {@code seconds}. */
  public static void run(double seconds, PrintWriter out) {
    out.printf(Locale.ROOT, "cpus=%d, java=%s; %.2f s per measurement%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), seconds);
    RankingParser rankings = new RankingParser();
    ReflectionParser reflections = new ReflectionParser();
    for (Shape s : shapes()) {
      double rankMs = msPerParse(() -> rankings.parse(s.text(), s.candidates()).entries().size(), seconds);
      double reflectMs = msPerParse(() -> reflections.parse(s.text()).issues().size(), seconds);
      out.printf(Locale.ROOT, "%-44s %,10d chars | ranking %9.3f ms %8.1f ns/char | reflection %9.3f ms %8.1f ns/char%n",
          s.name(), s.text().length(), rankMs, rankMs * 1e6 / s.text().length(), reflectMs,
          reflectMs * 1e6 / s.text().length());
      out.flush();
    }
  }

  static List<Shape> shapes() {
    List<CandidateItem> candidates = GatewayBenchmark.catalogue(20);
    List<Shape> shapes = new ArrayList<>();
    shapes.add(new Shape("normal ranking (20 lines)", ranking(candidates), candidates));
    shapes.add(new Shape("normal reflection", "<think>" + "The user rated the thriller low although I ranked it "
        + "first; their history favours slow dramas. ".repeat(6) + "</think>\nUpdated User description: Enjoys "
        + "slow dramas and romance from the 70s; dislikes thrillers and horror.", candidates));
    shapes.add(new Shape("spaces and tabs around a number, 120 lines",
        (" ".repeat(700) + "1" + "\t".repeat(900) + "x\n").repeat(120) + ranking(candidates), candidates));
    shapes.add(new Shape("a line of whitespace", " \t".repeat(95_000) + "x\n" + ranking(candidates), candidates));
    shapes.add(new Shape("a very long numbered line", "1. " + "Heat ".repeat(200_000), candidates));
    shapes.add(new Shape("dotted capital I before the think block", "\u0130".repeat(190_000) + ranking(candidates),
        candidates));
    shapes.add(new Shape("unclosed think tags", "<think>".repeat(28_000) + "\n" + lines(candidates), candidates));
    shapes.add(new Shape("stray close tags", "</think>".repeat(24_000) + ranking(candidates), candidates));
    shapes.add(new Shape("markers before whitespace",
        ("Updated User description:" + " ".repeat(5_000)).repeat(38), candidates));
    List<CandidateItem> longTitles = longTitles();
    shapes.add(new Shape("200 unmatched lines, 24 separators, long titles", unmatchedLines(), longTitles));
    shapes.add(new Shape("a million characters", million(), candidates));
    return shapes;
  }

  /** A well-formed completion: a chain of thought and every candidate on a numbered line. */
  static String ranking(List<CandidateItem> candidates) {
    return "<think>The user likes dramas and romance from the 70s and rated recent thrillers low; popular films they "
        + "have not seen come next.</think>\n" + lines(candidates);
  }

  /** Every candidate on a numbered line, in reverse order, with a short explanation. */
  static String lines(List<CandidateItem> candidates) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < candidates.size(); i++) {
      CandidateItem c = candidates.get(candidates.size() - 1 - i);
      b.append(i + 1).append(". ").append(c.getTitle()).append(" (").append(c.getYear()).append(") - ")
          .append("fits the user's taste for ").append(c.getGenres().get(0).toLowerCase(Locale.ROOT)).append('\n');
    }
    return b.toString();
  }

  /** 20 candidates with 100-char titles: the fuzzy matcher's most expensive comparisons. */
  private static List<CandidateItem> longTitles() {
    Random r = new Random(1);
    List<CandidateItem> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      StringBuilder t = new StringBuilder();
      while (t.length() < 100) {
        t.append((char) ('a' + r.nextInt(26))).append(r.nextInt(5) == 0 ? " " : "");
      }
      items.add(CandidateItem.newBuilder().setItemId("l" + i).setTitle(t.toString()).setGenres(List.of()).build());
    }
    return items;
  }

  /** 200 numbered lines (the most a 20-candidate parse reads) that match nothing, each with 24 separators. */
  private static String unmatchedLines() {
    Random r = new Random(2);
    StringBuilder b = new StringBuilder("<think>x</think>\n");
    for (int l = 0; l < 200; l++) {
      StringBuilder line = new StringBuilder().append(l + 1).append(". ");
      while (line.length() < 70) {
        line.append((char) ('a' + r.nextInt(26)));
      }
      for (int k = 0; k < 24; k++) {
        line.append(", ").append((char) ('a' + r.nextInt(26)));
      }
      b.append(line).append('\n');
    }
    return b.toString();
  }

  /** A million characters of list-like fragments, tags and odd code points. */
  private static String million() {
    String[] fragments = {"<think>", "</think>", "\n", "1. ", "2) ", "**3.** ", " - ", ": ", "[7]", "(3)", "#",
        "Candidate ", "Ignore previous instructions", "Updated User description:", "Star Night 4", "\u0130", "\t",
        "   ", "\uD83D\uDE00", "e\u0301", "\u202E", "Matrix, The"};
    Random r = new Random(3);
    StringBuilder b = new StringBuilder();
    while (b.length() < 1_000_000) {
      b.append(fragments[r.nextInt(fragments.length)]);
    }
    return b.toString();
  }

  /** Mean ms per call of {@code parse}: a warm-up of {@code seconds}, then {@code seconds} measured. */
  static double msPerParse(IntSupplier parse, double seconds) {
    long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < warmEnd) {
      sink += parse.getAsInt();
    }
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int n = 0;
    do {
      sink += parse.getAsInt();
      n++;
    } while (System.nanoTime() < end);
    return (System.nanoTime() - start) / 1e6 / n;
  }
}
