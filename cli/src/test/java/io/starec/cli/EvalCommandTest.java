package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.research.dataset.SyntheticMovieLens;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {

  @TempDir Path dir;

  @Test
  void evaluatesBaselinesOnASyntheticDataset() {
    // Given a synthetic ML-1M-format dataset
    SyntheticMovieLens.write(dir.resolve("data"), 9, 100, 120, 20);

    // When evaluated from the command line
    StarecCliTest.Run r = StarecCliTest.run("eval", "--dataset", "ml-1m", "--data-dir", dir.resolve("data").toString(),
        "--users", "30", "--seeds", "0,1", "--methods", "pop,itemknn,bpr", "--bpr-epochs", "3",
        "--out", dir.resolve("out").toString(), "--no-progress");

    // Then it succeeds, prints the table and writes the three files
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("| pop | ours |", "| itemknn | ours |", "| bpr | ours |", "results.json");
    assertThat(dir.resolve("out/results.json")).exists();
    assertThat(dir.resolve("out/results.md")).exists();
    assertThat(dir.resolve("out/results.png")).exists();
  }

  @Test
  void tritonWithoutUrlIsAUsageError() {
    SyntheticMovieLens.write(dir.resolve("data"), 9, 30, 60, 12);
    StarecCliTest.Run r = StarecCliTest.run("eval", "--dataset", "ml-1m", "--data-dir", dir.resolve("data").toString(),
        "--methods", "pop,triton", "--out", dir.resolve("out").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("method triton needs --triton-url");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void unknownMethodAndBadTargetAreUsageErrors() {
    StarecCliTest.Run r = StarecCliTest.run("eval", "--dataset", "ml-1m", "--data-dir", dir.toString(), "--methods", "sasrec");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown method 'sasrec'");
    r = StarecCliTest.run("eval", "--dataset", "ml-1m", "--data-dir", dir.toString(), "--target", "first");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--target must be last or last-positive");
  }

  @Test
  void malformedDataFailsWithFileAndLine() throws Exception {
    Path data = dir.resolve("data");
    SyntheticMovieLens.write(data, 9, 30, 60, 12);
    Files.writeString(data.resolve("ratings.dat"), "1::1::4::100\n1::2::4\n");
    StarecCliTest.Run r = StarecCliTest.run("eval", "--dataset", "ml-1m", "--data-dir", data.toString(),
        "--methods", "pop", "--out", dir.resolve("out").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("ratings.dat:2: expected 4 fields");
  }
}
