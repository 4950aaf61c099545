package io.starec.streamapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.schemas.registry.RegistryException;
import io.starec.streamapp.metrics.AppMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadDeathsTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AppMetrics metrics = AppMetrics.inMemory();
  private final ThreadDeaths deaths = new ThreadDeaths(2, 60_000, 0, metrics, clock::get);

  @Test
  void aThreadThatKeepsDyingShutsTheAppDownInsteadOfBeingReplacedForever() {
    // Given a bound of 2 replacements per minute
    StreamsException poison = new StreamsException("same record, same failure");
    // When a thread dies three times within the minute
    StreamThreadExceptionResponse first = deaths.handle(poison);
    StreamThreadExceptionResponse second = deaths.handle(poison);
    StreamThreadExceptionResponse third = deaths.handle(poison);
    // Then the first two are replaced and the third shuts the client down (state ERROR, /health 503)
    assertThat(first).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(second).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(third).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(metrics.count("starec.stream.thread.deaths", "outcome", "shutdown")).isEqualTo(1);
  }

  @Test
  void deathsOutsideTheWindowDoNotCount() {
    // Given two deaths a while ago
    deaths.handle(new StreamsException("a"));
    deaths.handle(new StreamsException("b"));
    // When the window has passed and the thread dies again
    clock.addAndGet(60_001);
    // Then it is replaced
    assertThat(deaths.handle(new StreamsException("c"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void aRegistryOutageIsRetriedWithoutCountingTowardTheBound() {
    // Given failures caused by an unreachable registry, wrapped as the serde and Kafka Streams wrap them
    StreamsException outage = new StreamsException(new io.starec.schemas.serde.SerdeException("t", "lookup",
        new RegistryException("GET /schemas/ids/1", 0, -1, "Connection refused")));
    // When there are more of them than the bound
    for (int i = 0; i < 5; i++) {
      assertThat(deaths.handle(outage)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    // Then they are counted apart, and a poison record still has the whole bound
    assertThat(metrics.count("starec.stream.thread.deaths", "outcome", "registry_unreachable")).isEqualTo(5);
    assertThat(deaths.handle(new StreamsException("poison"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }
}
