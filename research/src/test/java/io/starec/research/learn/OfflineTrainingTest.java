package io.starec.research.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.research.eval.EvalReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineTrainingTest {

  @Test
  void trainsEvaluatesAndWritesEveryArtefact(@TempDir Path dir) throws Exception {
    // Given a small synthetic MovieLens-1M folder
    Path data = dir.resolve("ml-1m");
    SyntheticMovieLens.write(data, 7, 120, 150, 40);

    // When the offline training runs a few GRPO updates with the hashing embedder
    Path out = dir.resolve("out");
    StringWriter log = new StringWriter();
    EvalReport report = OfflineTraining.run(new OfflineTraining.Settings("ml-1m", data, 30, 60, List.of(0L), 4, 8,
        0.01, 0.001, 1.0, 1, 2, List.of("pop"), out), new HashingTextEmbedder(64), new PrintWriter(log));

    // Then the baseline and the four policies are evaluated without failures, and every artefact is written
    assertThat(report.methods()).noneMatch(m -> m.failed());
    assertThat(report.methods()).extracting(m -> m.method()).containsExactly("pop", "embedded_untrained",
        "embedded_anchored", "embedded_grpo", "embedded_grpo_without_sft");
    for (String f : List.of("results.md", "results.json", "learning-curve.png", "learning-curve-reward.png",
        "learning.json", "anchored-weights.json", "grpo-weights.json")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    assertThat(Files.readString(out.resolve("learning.json"))).contains("\"curve\"", "\"sftEpochLosses\"");
    assertThat(log.toString()).contains("GRPO: 4 updates");
  }
}
