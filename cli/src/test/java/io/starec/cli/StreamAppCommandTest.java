package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamAppCommandTest {

  @Test
  void helpNamesTheEndpoints() {
    StarecCliTest.Run r = StarecCliTest.run("stream-app", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("/users/{id}/memory", "--application-id");
  }

  @Test
  void aBadSettingIsAUsageErrorNamingTheKey() {
    // When the domain is neither movies nor music
    StarecCliTest.Run r = StarecCliTest.run("stream-app", "-D", "domain=books");
    // Then nothing starts and the error names the key
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("domain");
  }

  @Test
  void anUnknownImplicitPositiveTypeIsRejected() {
    StarecCliTest.Run r = StarecCliTest.run("stream-app", "-D", "positive.implicit.types=CLICK,LOVE");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("LOVE");
  }
}
