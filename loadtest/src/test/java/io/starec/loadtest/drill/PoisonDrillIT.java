package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.testkit.KafkaFixture;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill at CI size: 1% poison records in the input, clean and poisoned runs alternated twice.
 * Runs only in the {@code drills} profile (loadtest/pom.xml): {@code mvn -pl loadtest verify -Pdrills}.
 */
class PoisonDrillIT {

  @TempDir
  Path work;

  @Test
  void drillPasses() throws Exception {
    // Given the test broker and registry
    DrillEnv env = new DrillEnv(KafkaFixture.bootstrapServers(), System.getenv(KafkaFixture.REGISTRY_ENV), work,
        null, new PrintWriter(System.out, true));

    // When the drill runs at CI size
    DrillResult r = Drills.run("poison", env, true);

    // Then the DLQ holds exactly the poison, everything else is processed (throughput is reported, not asserted)
    assertThat(r.checks()).containsEntry("dlqCountEqualsPoisonCount", true)
        .containsEntry("everyCleanEventProcessed", true);
    assertThat(r.figures()).containsKey("throughputRatio");
    assertThat(r.failed()).as("failed checks; figures %s", r.figures()).isEmpty();
    assertThat(r.passed()).isTrue();
  }
}
