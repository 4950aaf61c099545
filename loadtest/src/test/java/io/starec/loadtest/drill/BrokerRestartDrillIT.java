package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill at CI size: a broker process stopped and restarted on the same port and log dir mid-replay.
 * Runs only in the {@code drills} profile (loadtest/pom.xml): {@code mvn -pl loadtest verify -Pdrills}.
 */
class BrokerRestartDrillIT {

  @TempDir
  Path work;

  @Test
  void drillPasses() throws Exception {
    // Given a broker process of the drill's own (it stops and restarts it)
    DrillEnv env = new DrillEnv(null, null, work, null, new PrintWriter(System.out, true));

    // When the drill runs at CI size
    DrillResult r = Drills.run("broker-restart", env, true);

    // Then the services reconnected and finished: every event exactly once, every request answered
    assertThat(figure(r, "itemStatsTotal")).isEqualTo(figure(r, "events"));
    assertThat(figure(r, "rankingAnswered")).isEqualTo(figure(r, "rankingRequests"));
    assertThat(r.failed()).as("failed checks; figures %s", r.figures()).isEmpty();
    assertThat(r.passed()).isTrue();
  }

  private static long figure(DrillResult r, String name) {
    return ((Number) r.figures().get(name)).longValue();
  }
}
