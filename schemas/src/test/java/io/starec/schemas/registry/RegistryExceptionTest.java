package io.starec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which registry failures are outages (wait and retry) and which are verdicts about the data. */
class RegistryExceptionTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 401, 403, 408, 429, 500, 502, 503, 504})
  void aRegistryThatCouldNotAnswerIsAnOutage(int status) {
    // Given a failure without a verdict: no response, a timeout, overload, a server error, refused credentials
    RegistryException e = new RegistryException("get schema by id 7", status, -1, "down");

    // When it is classified, then it is an outage
    assertThat(e.isOutage()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 400, 404, 409, 422})
  void aVerdictAboutTheSchemaIsNoOutage(int status) {
    // Given an answer about the schema itself: unknown id, incompatible, invalid, or an unreadable 200 reply
    RegistryException e = new RegistryException("get schema by id 7", status, -1, "verdict");

    // When it is classified, then it is not an outage
    assertThat(e.isOutage()).isFalse();
  }
}
