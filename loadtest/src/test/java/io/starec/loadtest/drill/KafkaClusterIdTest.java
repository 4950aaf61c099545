package io.starec.loadtest.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/local/kafka-cluster-id.sh, which kafka-up.sh formats the broker's storage with. */
class KafkaClusterIdTest {

  @TempDir
  Path dir;

  private record Run(int exitCode, String output) {}

  private static Run script(Path randomSource) throws IOException, InterruptedException {
    Path script = new DrillEnv(null, null, Path.of("."), null, new PrintWriter(new StringWriter())).checkout()
        .resolve("deploy/local/kafka-cluster-id.sh");
    Process p = new ProcessBuilder("bash", script.toString(), randomSource.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static String clusterId(Path randomSource) throws IOException, InterruptedException {
    Run r = script(randomSource);
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.output();
  }

  @Test
  void bytesThatEncodeToALeadingDashGiveAnIdTheStorageToolAccepts() throws Exception {
    // Given random bytes whose plain base64url encoding starts with '-' (first byte 0xF8: sextet 62)
    byte[] bytes = new byte[16];
    bytes[0] = (byte) 0xF8;
    bytes[15] = (byte) 0xFF;
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)).startsWith("-");
    Path source = Files.write(dir.resolve("random.bin"), bytes);

    // When the script makes a cluster id from them
    String id = clusterId(source);

    // Then the id does not start with '-' (the storage tool would read it as an option) and is a Kafka Uuid of
    // the same bytes with the first byte's top bit cleared
    assertThat(id).doesNotStartWith("-").hasSize(22);
    byte[] expected = bytes.clone();
    expected[0] = 0x78;
    assertThat(Uuid.fromString(id)).isEqualTo(Uuid.fromString(
        Base64.getUrlEncoder().withoutPadding().encodeToString(expected)));
  }

  @Test
  void idsFromTheSystemRandomSourceAreValidAndDistinct() throws Exception {
    // When two ids come from /dev/urandom
    String a = clusterId(Path.of("/dev/urandom"));
    String b = clusterId(Path.of("/dev/urandom"));

    // Then both are Kafka Uuids with a letter first, and they differ
    assertThat(Uuid.fromString(a).toString()).isEqualTo(a);
    assertThat(Uuid.fromString(b).toString()).isEqualTo(b);
    assertThat(a).matches("[A-Za-f].{21}");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aShortRandomSourceIsAnError() throws Exception {
    // Given a source with fewer than 16 bytes
    Path source = Files.write(dir.resolve("short.bin"), new byte[3]);

    // When the script reads it
    Run r = script(source);

    // Then it fails and says why, instead of printing a short id
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("fewer than 16 bytes");
  }
}
