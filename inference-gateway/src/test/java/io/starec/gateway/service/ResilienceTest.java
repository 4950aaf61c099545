package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceTest {

  /** Fails once with the given Retry-After, then answers; records when each attempt ran. */
  private static final class OnceBusy {
    final List<Long> attempts = new ArrayList<>();
    final long retryAfterMs;

    OnceBusy(long retryAfterMs) {
      this.retryAfterMs = retryAfterMs;
    }

    String call() {
      attempts.add(System.nanoTime() / 1_000_000);
      if (attempts.size() == 1) {
        throw new BackendException(ErrorKind.RESOURCE_EXHAUSTED, "429", null, retryAfterMs);
      }
      return "ok";
    }

    long gapMs() {
      return attempts.get(1) - attempts.get(0);
    }
  }

  private static Resilience quick() {
    return Resilience.of(3, 10, 1.0, 0.0, 10, 50, 10, 10, 60_000, 1);
  }

  @Test
  void aServersRetryAfterIsWaitedBeforeTheRetry() {
    // Given a 10 ms backoff and a server that asks for 400 ms once
    OnceBusy busy = new OnceBusy(400);

    // When the call goes through the resilience
    String answer = quick().call(busy::call, System.currentTimeMillis() + 10_000);

    // Then the retry came no sooner than the server asked
    assertThat(answer).isEqualTo("ok");
    assertThat(busy.attempts).hasSize(2);
    assertThat(busy.gapMs()).isGreaterThanOrEqualTo(400);
  }

  @Test
  void withoutRetryAfterTheBackoffAlonePaces() {
    OnceBusy busy = new OnceBusy(0);

    quick().call(busy::call, System.currentTimeMillis() + 10_000);

    assertThat(busy.gapMs()).isLessThan(300);
  }
}
