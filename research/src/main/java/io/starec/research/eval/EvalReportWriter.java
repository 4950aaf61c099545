package io.starec.research.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.core.metric.Cutoffs;
import io.starec.research.protocol.PreprocessStats;
import io.starec.research.protocol.ProtocolConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes an {@link EvalReport} as results.json, results.md (Table 4 style) and results.png (bar chart). */
public final class EvalReportWriter {

  public static final String JSON = "results.json";
  public static final String MARKDOWN = "results.md";
  public static final String PNG = "results.png";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvalReportWriter() {}

  /** Writes the three files into {@code dir} (created if missing). */
  public static void writeAll(EvalReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(JSON), json(report), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(MARKDOWN), markdown(report), StandardCharsets.UTF_8);
    writePng(report, dir.resolve(PNG));
  }

  public static String json(EvalReport report) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("dataset", report.dataset());
    ProtocolConfig p = report.protocol();
    ObjectNode protocol = root.putObject("protocol");
    protocol.put("minInteractions", p.minInteractions());
    protocol.put("filter", p.filter().name());
    protocol.put("historyLength", p.historyLength());
    protocol.put("testUsers", p.testUsers());
    protocol.put("trainUsers", p.trainUsers());
    protocol.put("negatives", p.negatives());
    protocol.put("target", p.target().name());
    protocol.put("positiveThreshold", p.positiveThreshold());
    protocol.put("sampleSeed", p.sampleSeed());
    PreprocessStats s = report.preprocessing();
    ObjectNode pre = root.putObject("preprocessing");
    pre.put("rawInteractions", s.rawInteractions());
    pre.put("rawUsers", s.rawUsers());
    pre.put("rawItems", s.rawItems());
    pre.put("interactions", s.interactions());
    pre.put("users", s.users());
    pre.put("items", s.items());
    pre.put("filterRounds", s.filterRounds());
    pre.put("eligibleUsers", s.eligibleUsers());
    pre.put("testUsers", s.testUsers());
    pre.put("trainUsers", s.trainUsers());
    ArrayNode notes = pre.putArray("notes");
    s.notes().forEach(notes::add);
    ArrayNode seeds = root.putArray("seeds");
    report.seeds().forEach(seeds::add);
    ArrayNode methods = root.putArray("methods");
    for (MethodSummary m : report.methods()) {
      ObjectNode node = methods.addObject();
      node.put("method", m.method());
      putNdcg(node, m.ndcg());
      node.put("users", m.users());
      node.put("seeds", m.seeds());
      node.put("parseFailureRate", m.parseFailureRate());
      node.put("degradedRate", m.degradedRate());
      node.put("wallTimeMs", m.wallMs());
      if (m.error() != null) {
        node.put("error", m.error());
      }
      ArrayNode perSeed = node.putArray("perSeed");
      for (SeedResult r : m.perSeed()) {
        ObjectNode sr = perSeed.addObject();
        sr.put("seed", r.seed());
        putNdcg(sr, r.ndcg());
        sr.put("users", r.users());
        sr.put("parseFailures", r.parseFailures());
        sr.put("degraded", r.degraded());
        sr.put("wallTimeMs", r.wallMs());
      }
    }
    ArrayNode paper = root.putArray("paperTable4");
    for (PaperTable4.Row row : report.paper()) {
      ObjectNode node = paper.addObject();
      node.put("method", row.method());
      if (row.ourMethod() != null) {
        node.put("comparableTo", row.ourMethod());
      }
      double[] v = row.values();
      for (int k = 0; k < Cutoffs.PAPER.size(); k++) {
        node.put("ndcg@" + Cutoffs.PAPER.get(k), v[k]);
      }
    }
    root.put("paperNote", "paperTable4 holds the numbers reported in the STARec paper (CIKM 2025, Table 4), not measured here");
    root.put("wallTimeMs", report.wallMs());
    return MAPPER.writeValueAsString(root) + "\n";
  }

  private static void putNdcg(ObjectNode node, List<Double> ndcg) {
    for (int k = 0; k < ndcg.size(); k++) {
      node.put("ndcg@" + Cutoffs.PAPER.get(k), round(ndcg.get(k)));
    }
  }

  public static String markdown(EvalReport report) {
    StringBuilder md = new StringBuilder();
    ProtocolConfig p = report.protocol();
    PreprocessStats s = report.preprocessing();
    md.append("# Evaluation: ").append(report.dataset()).append("\n\n");
    String filter = p.minInteractions() <= 1 ? "no interaction-count filter"
        : String.format(Locale.ROOT, "users/items with < %d interactions removed (%s, %d rounds)", p.minInteractions(),
            p.filter().name().toLowerCase(Locale.ROOT).replace('_', '-'), s.filterRounds());
    md.append(String.format(Locale.ROOT,
        "NDCG@K in percent, averaged over %d test users x %d seeds %s; 1 target + %d negatives per user. "
            + "Filter: %s; last %d interactions kept; "
            + "target = %s. Data after preprocessing: %,d users, %,d items, %,d interactions "
            + "(raw: %,d users, %,d items, %,d interactions); %d training users.%n%n",
        s.testUsers(), report.seeds().size(), report.seeds(), p.negatives(), filter, p.historyLength(),
        p.target() == ProtocolConfig.TargetPolicy.LAST ? "last interaction" : "last positive interaction (rating > " + p.positiveThreshold() + ")",
        s.users(), s.items(), s.interactions(), s.rawUsers(), s.rawItems(), s.rawInteractions(), s.trainUsers()));
    for (String note : s.notes()) {
      md.append("> Note: ").append(note).append("\n\n");
    }
    md.append("| Method | Source | NDCG@1 | NDCG@5 | NDCG@10 | NDCG@20 | Users x seeds | Parse failures | Degraded | Wall time |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Set<String> shownPaper = new HashSet<>();
    for (MethodSummary m : report.methods()) {
      if (m.failed() && m.perSeed().isEmpty()) {
        md.append("| ").append(m.method()).append(" | ours | failed: ").append(m.error().replace("|", "/"))
            .append(" | | | | | | | |\n");
      } else {
        md.append(String.format(Locale.ROOT, "| %s | ours | %.2f | %.2f | %.2f | %.2f | %d x %d | %.1f%% | %.1f%% | %s |%n",
            m.method(), m.ndcg().get(0), m.ndcg().get(1), m.ndcg().get(2), m.ndcg().get(3), m.users(), m.seeds(),
            100 * m.parseFailureRate(), 100 * m.degradedRate(), seconds(m.wallMs())));
      }
      for (PaperTable4.Row row : report.paper()) {
        if (m.method().equals(row.ourMethod())) {
          md.append(paperRow(row));
          shownPaper.add(row.method());
        }
      }
    }
    for (PaperTable4.Row row : report.paper()) {
      if (!shownPaper.contains(row.method())) {
        md.append(paperRow(row));
      }
    }
    if (!report.paper().isEmpty()) {
      md.append("\n*paper* rows are the numbers reported in the STARec paper (CIKM 2025), Table 4, for its own "
          + "preprocessing and sample; they are not measured here.\n");
    }
    md.append(String.format(Locale.ROOT, "%nTotal wall time: %s.%n", seconds(report.wallMs())));
    return md.toString();
  }

  private static String paperRow(PaperTable4.Row row) {
    return String.format(Locale.ROOT, "| %s | *paper (Table 4)* | %.2f | %.2f | %.2f | %.2f | | | | |%n",
        row.method(), row.ndcg1(), row.ndcg5(), row.ndcg10(), row.ndcg20());
  }

  /** A grouped bar chart: NDCG@K on the x axis, one bar per method (ours, and the comparable paper rows). */
  public static void writePng(EvalReport report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
        .title("NDCG@K (%) on " + report.dataset() + ": ours vs the paper's Table 4")
        .xAxisTitle("metric").yAxisTitle("NDCG@K (%)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> x = new ArrayList<>();
    for (int k : Cutoffs.PAPER.values()) {
      x.add("NDCG@" + k);
    }
    for (MethodSummary m : report.methods()) {
      if (!m.ndcg().isEmpty()) {
        chart.addSeries("ours: " + m.method(), x, m.ndcg());
      }
    }
    Set<String> ours = new HashSet<>();
    report.methods().forEach(m -> ours.add(m.method()));
    for (PaperTable4.Row row : report.paper()) {
      boolean comparable = row.ourMethod() != null && ours.contains(row.ourMethod());
      if (comparable || row.method().startsWith("STARec_sample")) {
        List<Double> y = new ArrayList<>();
        for (double v : row.values()) {
          y.add(v);
        }
        chart.addSeries("paper: " + row.method(), x, y);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.addSeries("no results", x, List.of(0.0, 0.0, 0.0, 0.0));
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
