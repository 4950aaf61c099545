package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  @Test
  void everyMeterHasHelpText() {
    // Given every kind of meter the gateway records
    GatewayMetrics m = new GatewayMetrics();
    m.task("rank", "ok", Duration.ofMillis(12));
    m.error("unavailable");
    m.parseIssue("hallucinated: Some Film");
    m.dlq("invalid-task");
    m.policyUpdate("applied");
    m.circuitState(() -> 0);
    m.policyVersion(3);

    // When /metrics is scraped
    String text = m.scrape();

    // Then each of the 8 families has a HELP line, and none is empty
    assertThat(text.lines().filter(l -> l.startsWith("# HELP "))).hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(help -> assertThat(help).matches("# HELP \\S+ \\S.*"));
  }
}
