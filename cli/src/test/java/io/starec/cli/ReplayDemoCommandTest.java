package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayDemoCommandTest {

  @TempDir
  Path tmp;

  @Test
  void helpShowsReplayAndDemoOptions() {
    StarecCliTest.Run replay = StarecCliTest.run("replay", "--help");
    StarecCliTest.Run demo = StarecCliTest.run("demo", "--help");

    assertThat(replay.exitCode()).isZero();
    assertThat(replay.out()).contains("--simulate-ranking", "--rate", "--speedup", "--from", "--until", "--users",
        "--registry-url");
    assertThat(demo.exitCode()).isZero();
    assertThat(demo.out()).contains("--data-dir", "--duration", "--no-reflection");
  }

  @Test
  void rateAndSpeedupExcludeEachOther() {
    StarecCliTest.Run r = StarecCliTest.run("replay", "--dataset", "ml-1m", "--data-dir", tmp.toString(),
        "--rate", "10", "--speedup", "100");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void badTimesAndMissingFoldersAreUsageErrors() {
    StarecCliTest.Run badTime = StarecCliTest.run("replay", "--dataset", "ml-1m", "--data-dir", tmp.toString(),
        "--from", "soon");
    StarecCliTest.Run noFolder = StarecCliTest.run("replay", "--dataset", "ml-1m", "--data-dir",
        tmp.resolve("missing").toString());
    StarecCliTest.Run badDuration = StarecCliTest.run("demo", "--duration", "forever", "--log-dir",
        tmp.resolve("logs").toString());

    assertThat(badTime.exitCode()).isEqualTo(2);
    assertThat(badTime.err()).contains("cannot read time 'soon'");
    assertThat(noFolder.exitCode()).isEqualTo(2);
    assertThat(noFolder.err()).contains("does not exist");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("cannot read duration 'forever'");
  }

  @Test
  void durationsInSecondsMinutesOrIso() {
    assertThat(DemoCommand.parseDuration("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(DemoCommand.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DemoCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DemoCommand.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> DemoCommand.parseDuration("x")).isInstanceOf(IllegalArgumentException.class);
  }
}
