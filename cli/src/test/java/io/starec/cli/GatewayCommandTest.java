package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayCommandTest {

  @Test
  void helpNamesTheBackendsAndEndpoints() {
    StarecCliTest.Run r = StarecCliTest.run("gateway", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--triton-url", "--backend", "/health", "/metrics");
  }

  @Test
  void aBadProfileIsAUsageErrorNamingTheKey() {
    StarecCliTest.Run r = StarecCliTest.run("gateway", "--triton-profile", "onnx");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("triton.profile");
  }

  @Test
  void anUnreachableTritonFailsFastWithTheAddress() {
    // Given the triton backend pointed at a closed port
    StarecCliTest.Run r = StarecCliTest.run("gateway", "--backend", "triton", "--triton-url", "127.0.0.1:1",
        "-D", "triton.startup.timeout.ms=2000");
    // Then nothing starts and the error says where it looked
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("cannot reach Triton at 127.0.0.1:1");
  }
}
