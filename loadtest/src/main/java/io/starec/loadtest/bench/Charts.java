package io.starec.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The two PNG charts of a loadtest run (XChart, headless). */
public final class Charts {

  private Charts() {}

  /** One bar per measurement (events/s), the reference first. */
  public static Path throughput(Path file, List<String> names, List<Double> eventsPerSecond, String subtitle)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title("Ingest throughput (events/s, higher is better)" + (subtitle == null ? "" : " - " + subtitle))
        .xAxisTitle("").yAxisTitle("events/s").build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.addSeries("events/s", names, eventsPerSecond.stream().map(v -> (double) Math.round(v)).toList());
    BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /** p50/p95/p99/max latency per offered rate (ms). */
  public static Path latency(Path file, List<LatencyStats> rates) throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
        .title("Ranking round trip latency, open loop, CO-corrected (ms, lower is better)")
        .xAxisTitle("offered rate (requests/s)").yAxisTitle("latency (ms)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    List<String> x = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    for (LatencyStats s : rates) {
      x.add(String.format(Locale.ROOT, "%s", trim(s.offeredPerSecond())));
      p50.add(s.p50Ms());
      p95.add(s.p95Ms());
      p99.add(s.p99Ms());
      max.add(s.maxMs());
    }
    chart.addSeries("p50", x, p50);
    chart.addSeries("p95", x, p95);
    chart.addSeries("p99", x, p99);
    chart.addSeries("max", x, max);
    BitmapEncoder.saveBitmap(chart, strip(file), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }

  /** Redraws both charts next to a {@code loadtest.json}: {@code Charts path/to/loadtest.json}. */
  public static void main(String[] args) throws IOException {
    Path json = Path.of(args[0]);
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    List<String> names = new ArrayList<>(List.of("reference passthrough", "our ingest"));
    List<Double> values = new ArrayList<>(List.of(r.at("/ingest/referenceEventsPerSecond").asDouble(),
        r.at("/ingest/ingestEventsPerSecond").asDouble()));
    if (r.path("ml1mReplay").isObject()) {
      names.add("ML-1M replay (end to end)");
      values.add(r.at("/ml1mReplay/eventsPerSecond").asDouble());
    }
    throughput(json.resolveSibling("throughput.png"), names, values,
        String.format(Locale.ROOT, "ours/reference = %.2f", values.get(1) / values.get(0)));
    List<LatencyStats> rates = new ArrayList<>();
    for (JsonNode n : r.at("/ranking/rates")) {
      rates.add(new ObjectMapper().treeToValue(n, LatencyStats.class));
    }
    latency(json.resolveSibling("latency.png"), rates);
  }

  static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  // XChart appends the extension itself
  private static String strip(Path file) {
    String s = file.toString();
    return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
  }
}
