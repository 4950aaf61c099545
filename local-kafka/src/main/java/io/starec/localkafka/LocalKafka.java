package io.starec.localkafka;

import java.time.Duration;
import java.util.Map;

/** The in-JVM broker of the demo and the live evaluation. */
public final class LocalKafka {

  private LocalKafka() {}

  /**
   * A single-node KRaft broker on 127.0.0.1 (random port). Time-based retention is effectively off: replayed
   * events and the stream app's outputs carry their original event times (e.g. 2000), which a 1-7 day retention
   * would delete at the broker's next retention check, while the run still needs them.
   */
  public static EmbeddedKafkaBroker start() {
    return new EmbeddedKafkaBroker(0, Map.of(
        "log.retention.check.interval.ms", Long.toString(Duration.ofDays(365).toMillis()),
        "log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE))).start();
  }
}
