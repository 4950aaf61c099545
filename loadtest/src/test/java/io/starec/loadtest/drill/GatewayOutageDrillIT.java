package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.testkit.KafkaFixture;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill at CI size: the gateway down under open-loop ranking load (10 s at CI size), then a new instance.
 * Runs only in the {@code drills} profile (loadtest/pom.xml): {@code mvn -pl loadtest verify -Pdrills}.
 */
class GatewayOutageDrillIT {

  @TempDir
  Path work;

  @Test
  void drillPasses() throws Exception {
    // Given the test broker and registry
    DrillEnv env = new DrillEnv(KafkaFixture.bootstrapServers(), System.getenv(KafkaFixture.REGISTRY_ENV), work,
        null, new PrintWriter(System.out, true));

    // When the drill runs at CI size
    DrillResult r = Drills.run("gateway-outage", env, true);

    // Then every request was answered by its deadline (degraded while down), no task was lost, normal after
    assertThat(figure(r, "answered")).isEqualTo(figure(r, "requests"));
    assertThat(figure(r, "degradedWithinOutage")).isEqualTo(figure(r, "requestsWithinOutage"));
    assertThat(figure(r, "tasksWithoutResult")).isZero();
    assertThat(r.failed()).as("failed checks; figures %s", r.figures()).isEmpty();
    assertThat(r.passed()).isTrue();
  }

  private static long figure(DrillResult r, String name) {
    return ((Number) r.figures().get(name)).longValue();
  }
}
