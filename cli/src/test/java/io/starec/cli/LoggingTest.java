package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.Platform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the starec logging configuration (src/main/resources/simplelogger.properties) lets through. */
class LoggingTest {

  @Test
  void theTokenizersCudaProbeDoesNotWarnOnACpuStart() {
    // Given stderr captured (slf4j-simple writes to System.err)
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      // When DJL detects the platform of its tokenizer library, as the gateway's MiniLM embedder does when it
      // starts (it asks the CUDA runtime for a GPU count; without a driver that fails with a warning)
      Platform.detectPlatform("tokenizers");
    } finally {
      System.setErr(stderr);
    }
    // Then nothing of it reaches the console
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("CUDA");
  }
}
