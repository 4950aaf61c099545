package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.core.policy.LinearScorer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerCommandTest {

  @TempDir
  Path dir;

  @Test
  void helpNamesTheExportsAndTheOfflineRun() {
    StarecCliTest.Run r = StarecCliTest.run("trainer", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--export-dir", "--learner", "offline", "VeRL");
  }

  @Test
  void aBadSettingIsAUsageError() {
    StarecCliTest.Run r = StarecCliTest.run("trainer", "--format", "csv");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("trainer.export.format");
  }

  @Test
  void aTakenHttpPortIsOneLineNamingThePortAndTheKey() throws Exception {
    // Given something already listening on a port
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // When the trainer is started on it
      StarecCliTest.Run r = StarecCliTest.run("trainer", "--export-dir", dir.resolve("export").toString(),
          "-b", "127.0.0.1:1", "-D", "http.port=" + taken.getLocalPort());
      // Then it stops at once with the port and http.port, not a stack trace, and locks no export folder
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("http.port").doesNotContain("\tat ");
      assertThat(dir.resolve("export")).doesNotExist();
    }
  }

  @Test
  void offlineTrainsAndEvaluatesTheThreeStages() throws Exception {
    // Given a small synthetic MovieLens
    Path data = dir.resolve("ml");
    SyntheticMovieLens.write(data, 7, 240, 150, 40);
    Path out = dir.resolve("out");
    // When the embedded policy is trained offline (hashing embedder: no model download in tests)
    StarecCliTest.Run r = StarecCliTest.run("trainer", "offline", "--dataset", "ml-1m", "--data-dir", data.toString(),
        "--users", "60", "--train-users", "60", "--seeds", "0", "--updates", "6", "--eval-every", "3",
        "--batch", "16", "--train-draws", "1", "--embedder", "hashing", "--out", out.toString());
    // Then the table has the untrained, anchored and GRPO rows and the learning curve is drawn
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("embedded_untrained", "embedded_anchored", "embedded_grpo", "rollouts/s");
    assertThat(out.resolve("learning-curve.png")).isNotEmptyFile();
    assertThat(out.resolve("learning-curve-reward.png")).isNotEmptyFile();
    assertThat(out.resolve("results.md")).isNotEmptyFile();
    JsonNode learning = new ObjectMapper().readTree(out.resolve("learning.json").toFile());
    assertThat(learning.get("curve")).hasSize(3);
    assertThat(learning.get("rollouts").asLong()).isEqualTo(6L * 16 * 8);
    // and the anchored weights are a scorer the learner and the gateway can load
    LinearScorer anchored = LinearScorer.fromJson(Files.readAllBytes(out.resolve("anchored-weights.json")), 0);
    assertThat(anchored.weights()).hasSize(io.starec.core.policy.Feature.count());
  }
}
