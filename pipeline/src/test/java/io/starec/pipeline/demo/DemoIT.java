package io.starec.pipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.testkit.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end for a few seconds on a tiny synthetic dataset: status lines, rankings, rewards, summary. */
class DemoIT {

  @TempDir
  Path logDir;

  @Test
  void servesRankingsAndEmitsRewardsWithinSeconds() throws Exception {
    // Given a demo on the test broker with a tiny synthetic dataset, every third interaction simulated
    Demo demo = new Demo(new Demo.Options(logDir).broker(KafkaFixture.bootstrapServers()).synthetic(30, 80, 20)
        .duration(Duration.ofSeconds(12)).lineEvery(Duration.ofSeconds(3)).simulateFraction(0.34).inFlight(8)
        .liveRate(5));
    StringWriter console = new StringWriter();

    // When it runs
    Demo.Summary s = demo.run(new PrintWriter(console, true));

    // Then interactions were replayed, rankings answered (live ones too), and rewards flowed back
    String text = console.toString();
    assertThat(s.interactions()).isPositive();
    assertThat(s.rankings()).isPositive();
    assertThat(s.liveRankings()).isPositive();
    assertThat(s.rewardRecords()).isPositive();
    assertThat(s.resolved()).isPositive();
    assertThat(s.degraded() + s.errors()).isZero();
    // and the console shows the synthetic-data notice, status lines and the summary with the log location
    assertThat(text).contains("synthetic MovieLens-format dataset").contains("| rankings ")
        .contains("STARec demo summary").contains(logDir.resolve("demo.log").toString());
    assertThat(Files.readString(logDir.resolve("summary.txt"))).contains("NDCG@1/5/10/20");
  }
}
