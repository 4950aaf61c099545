package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.testkit.KafkaFixture;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill at CI size: kill -9 of a stream-app process mid-replay, then a restart on its state dir.
 * Runs only in the {@code drills} profile (loadtest/pom.xml): {@code mvn -pl loadtest verify -Pdrills}.
 */
class KillDrillIT {

  @TempDir
  Path work;

  @Test
  void drillPasses() throws Exception {
    // Given the test broker and registry
    DrillEnv env = new DrillEnv(KafkaFixture.bootstrapServers(), System.getenv(KafkaFixture.REGISTRY_ENV), work,
        null, new PrintWriter(System.out, true));

    // When the drill runs at CI size
    DrillResult r = Drills.run("kill-stream-app", env, true);

    // Then every memory equals the uninterrupted run's, every event is counted and kept exactly once
    assertThat(figure(r, "usersIdentical")).isEqualTo(figure(r, "usersCompared"));
    assertThat(figure(r, "itemStatsTotal")).isEqualTo(figure(r, "events"));
    assertThat(r.failed()).as("failed checks; figures %s", r.figures()).isEmpty();
    assertThat(r.passed()).isTrue();
  }

  private static long figure(DrillResult r, String name) {
    return ((Number) r.figures().get(name)).longValue();
  }
}
