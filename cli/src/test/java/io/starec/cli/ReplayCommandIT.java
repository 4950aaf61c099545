package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.testkit.KafkaFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code starec replay} against a real broker, its output captured as a log file or a pipe would be. */
class ReplayCommandIT {

  @TempDir
  Path dir;

  @Test
  void withoutATerminalTheReplayPrintsProgressLinesWhileItRuns() {
    // Given 60 interactions paced at 20 per second (3 s), and output that is not a terminal
    SyntheticMovieLens.write(dir, 3, 5, 30, 12);
    String prefix = KafkaFixture.uniqueId("cli-replay");

    // When they are replayed with a progress line every second
    StarecCliTest.Run r = StarecCliTest.run("replay", "--dataset", "ml-1m", "--data-dir", dir.toString(),
        "-b", KafkaFixture.bootstrapServers(), "--registry-url", KafkaFixture.registryUrl(), "--prefix", prefix,
        "--create-topics", "--rate", "20", "--progress-every", "1");

    // Then lines came while it ran, the last with every interaction, before the summary
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("replay: ") && l.contains(" of 60 interactions")))
        .hasSizeGreaterThanOrEqualTo(3)
        .last().satisfies(l -> assertThat(l).startsWith("replay: 60 of 60 interactions (100.0%)"));
  }
}
