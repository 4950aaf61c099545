package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadtestCommandTest {

  @Test
  void helpNamesTheMeasurementsAndTheDrills() {
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--quick", "--skip-ml1m", "--rates", "--drill", "kill-stream-app", "broker-restart");
  }

  @Test
  void anUnknownDrillIsAUsageError() {
    // When a drill name matches none
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--drill", "meteor-strike");
    // Then nothing runs and the error lists the drills
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("meteor-strike", "gateway-outage");
  }

  @Test
  void aMissingDatasetFolderIsAUsageErrorBeforeAnythingStarts() {
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--ml1m-dir", "/nonexistent/ml-1m");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--skip-ml1m");
  }

  @Test
  void nonPositiveRatesAreRejected() {
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--skip-ml1m", "--rates", "5,0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--rates");
  }

  @Test
  void theGatewayBenchmarkRunsOnItsOwn() {
    // When only the gateway benchmark runs, briefly
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--gateway", "0.1");
    // Then it reports the embedded policy's and the Triton client's rates
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("embedded policy, batch 1", "triton client");
  }

  @Test
  void aNonPositiveGatewayDurationIsAUsageError() {
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--gateway", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--gateway");
  }

  @Test
  void theParseBenchmarkRunsOnItsOwn() {
    // When only the parse benchmark runs, briefly
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--parsers", "0.01");
    // Then it reports both parsers on normal and pathological completions
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("normal ranking", "spaces and tabs around a number", "a million characters",
        "ns/char", "reflection");
  }

  @Test
  void aNonPositiveParseDurationIsAUsageError() {
    StarecCliTest.Run r = StarecCliTest.run("loadtest", "--parsers", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--parsers");
  }
}
