package io.starec.research.learn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.core.policy.Feature;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.TextEmbedder;
import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.core.policy.learn.SftAnchoring;
import io.starec.research.dataset.Datasets;
import io.starec.research.eval.EvalHarness;
import io.starec.research.eval.EvalMethod;
import io.starec.research.eval.EvalMethods;
import io.starec.research.eval.EvalOptions;
import io.starec.research.eval.EvalReport;
import io.starec.research.eval.EvalReportWriter;
import io.starec.research.eval.EvalRequest;
import io.starec.research.eval.MethodRun;
import io.starec.research.eval.UserRanking;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.ProtocolConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The offline training evidence ({@code starec trainer offline}): trains the embedded scorer on the training users
 * of a dataset (SFT anchoring, then GRPO with the KL to the anchored weights) with features computed the way
 * stream-app and the gateway compute them, evaluates the untrained, anchored and GRPO policies on the disjoint test
 * users with the evaluation harness, and writes results.md/json, learning-curve.png, learning.json and the weights.
 */
public final class OfflineTraining {

  /** What to train and where to write; the GRPO group size is the paper's G = 8. */
  public record Settings(String dataset, Path dataDir, int users, int trainUsers, List<Long> seeds, int updates,
      int batch, double lr, double klBeta, double temperature, int trainDraws, int evalEvery,
      List<String> baselines, Path out) {

    public Settings {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(dataDir, "dataDir");
      seeds = List.copyOf(seeds);
      baselines = List.copyOf(baselines);
      Objects.requireNonNull(out, "out");
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("need at least one seed");
      }
    }
  }

  private OfflineTraining() {}

  public static EvalReport run(Settings s, TextEmbedder text, PrintWriter w) throws IOException {
    long t0 = System.nanoTime();
    EvalData data = EvalData.prepare(Datasets.load(s.dataset(), s.dataDir()),
        ProtocolConfig.defaultsFor(s.dataset()).withUsers(s.users(), s.trainUsers()));
    w.printf("%s: %d test users, %d training users%n", s.dataset(), data.testUserIds().size(),
        data.trainUserIds().size());
    w.flush();
    EmbeddedTrainingRun run = new EmbeddedTrainingRun(data, text);
    EmbeddedTrainingRun.Settings settings = new EmbeddedTrainingRun.Settings(s.trainDraws(), 19,
        SftAnchoring.Config.defaults(), new GrpoTrainer.Config(8, s.temperature(), 4, 1, 0.2, s.klBeta()), s.lr(),
        s.updates(), s.batch(), s.evalEvery(), 0L);
    EmbeddedTrainingRun.Result result = run.run(settings, data.testCases(s.seeds().get(0)), line -> {
      w.println(line);
      w.flush();
    });
    List<EvalMethod> methods = new ArrayList<>();
    for (String b : s.baselines()) {
      if (!b.isBlank()) {
        methods.add(EvalMethods.create(b.trim(), EvalOptions.defaults(), List.of()));
      }
    }
    methods.add(scorerMethod("embedded_untrained", run, result.untrained()));
    methods.add(scorerMethod("embedded_anchored", run, result.anchored()));
    methods.add(scorerMethod("embedded_grpo", run, result.grpo()));
    methods.add(scorerMethod("embedded_grpo_without_sft", run, result.grpoWithoutSft()));
    EvalReport report = EvalHarness.run(data, methods, s.seeds(), null);
    Path out = s.out();
    Files.createDirectories(out);
    EvalReportWriter.writeAll(report, out);
    writeCurve(result, out.resolve("learning-curve.png"));
    writeLearningJson(result, text.name(), out.resolve("learning.json"));
    Files.write(out.resolve("anchored-weights.json"), new LinearScorer(result.anchored(), 0, 0).toJson());
    Files.write(out.resolve("grpo-weights.json"), new LinearScorer(result.grpo(), 0, 0).toJson());
    w.println();
    w.print(EvalReportWriter.markdown(report));
    w.printf(Locale.ROOT, "%nGRPO: %d updates, %d rollouts in %.1f s of optimisation = %.0f rollouts/s"
            + " (features: %.1f s); total %.1f s%n", s.updates(), result.rollouts(), result.grpoSeconds(),
        result.rolloutsPerSecond(), result.featureSeconds(), (System.nanoTime() - t0) / 1e9);
    w.println("wrote " + out.toAbsolutePath());
    w.flush();
    return report;
  }

  /** Greedy (temperature 0) rankings of a fixed weight vector, as the gateway serves them. */
  static EvalMethod scorerMethod(String name, EmbeddedTrainingRun run, double[] weights) {
    return new EvalMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MethodRun run(EvalRequest request) {
        List<UserRanking> out = new ArrayList<>();
        for (EvalUser u : request.users()) {
          out.add(UserRanking.clean(u.userId(), run.rank(u, weights)));
          request.progress().advance(1);
        }
        return new MethodRun(out);
      }
    };
  }

  static void writeCurve(EmbeddedTrainingRun.Result r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500)
        .title("Embedded policy: greedy NDCG@10 on the test users during GRPO")
        .xAxisTitle("GRPO updates (policy versions)").yAxisTitle("NDCG@10 (%)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    addCurve(chart, "GRPO from the anchored (SFT) policy", r.curve(), false);
    addCurve(chart, "GRPO from the untrained policy (no SFT)", r.curveWithoutSft(), false);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    // what GRPO maximises: the expected rank reward of the sampling policy
    XYChart reward = new XYChartBuilder().width(900).height(500)
        .title("Embedded policy: expected rank reward of the sampling policy (T = 1) on the test users")
        .xAxisTitle("GRPO updates (policy versions)").yAxisTitle("mean rank reward").build();
    reward.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    reward.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    addCurve(reward, "GRPO from the anchored (SFT) policy", r.curve(), true);
    addCurve(reward, "GRPO from the untrained policy (no SFT)", r.curveWithoutSft(), true);
    String name = file.getFileName().toString().replace(".png", "-reward.png");
    BitmapEncoder.saveBitmap(reward, file.resolveSibling(name).toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void addCurve(XYChart chart, String name, List<EmbeddedTrainingRun.CurvePoint> points,
      boolean reward) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (EmbeddedTrainingRun.CurvePoint p : points) {
      x.add((double) p.update());
      y.add(reward ? p.testSampledReward() : 100 * p.testNdcg10());
    }
    if (!x.isEmpty()) {
      chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
  }

  static void writeLearningJson(EmbeddedTrainingRun.Result r, String embedderName, Path file) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("embedder", embedderName);
    root.put("trainContexts", r.trainContexts());
    root.put("rollouts", r.rollouts());
    root.put("grpoSeconds", r.grpoSeconds());
    root.put("rolloutsPerSecond", r.rolloutsPerSecond());
    root.put("featureSeconds", r.featureSeconds());
    ObjectNode weights = root.putObject("weights");
    weights.set("untrained", byFeature(json, r.untrained()));
    weights.set("anchored", byFeature(json, r.anchored()));
    weights.set("grpo", byFeature(json, r.grpo()));
    weights.set("grpoWithoutSft", byFeature(json, r.grpoWithoutSft()));
    ArrayNode sft = root.putArray("sftEpochLosses");
    r.sftLosses().forEach(sft::add);
    curve(root.putArray("curve"), r.curve());
    curve(root.putArray("curveWithoutSft"), r.curveWithoutSft());
    json.writeValue(file.toFile(), root);
  }

  private static void curve(ArrayNode out, List<EmbeddedTrainingRun.CurvePoint> points) {
    for (EmbeddedTrainingRun.CurvePoint p : points) {
      ObjectNode n = out.addObject();
      n.put("update", p.update());
      n.put("testNdcg10", p.testNdcg10());
      n.put("testSampledReward", p.testSampledReward());
      n.put("meanKl", p.meanKl());
    }
  }

  private static ObjectNode byFeature(ObjectMapper json, double[] w) {
    ObjectNode n = json.createObjectNode();
    for (Feature f : Feature.values()) {
      n.put(f.key(), w[f.ordinal()]);
    }
    return n;
  }
}
