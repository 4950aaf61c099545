package io.starec.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir
  Path dir;

  @Test
  void writesBothChartsAsPng() throws Exception {
    // Given throughput figures and the latency of two rates
    LatencyStats five = new LatencyStats(5, 30, 150, 150, 0, 0, 0, 5, 120, 250, 300, 410, 140);
    LatencyStats ten = new LatencyStats(10, 30, 300, 300, 1, 0, 0, 9.9, 150, 320, 600, 900, 170);

    // When the charts are drawn
    Path bars = Charts.throughput(dir.resolve("throughput.png"), List.of("reference", "ours"),
        List.of(20_000.0, 5_000.0), "ours/reference = 0.25");
    Path lines = Charts.latency(dir.resolve("latency.png"), List.of(five, ten));

    // Then both are PNG files
    for (Path p : List.of(bars, lines)) {
      byte[] head = Files.readAllBytes(p);
      assertThat(head.length).isGreaterThan(1_000);
      assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
  }
}
