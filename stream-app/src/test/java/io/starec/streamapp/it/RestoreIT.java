package io.starec.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.UserMemory;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.testkit.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** (c) With the local state directory wiped, memory is restored from the changelog, byte for byte. */
class RestoreIT {

  private static final int USERS = 6;

  @Test
  void stateIsRestoredFromTheChangelogAfterTheStateDirectoryIsWiped() throws Exception {
    String registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("restore");
    String appId = KafkaFixture.uniqueId("restore-app");
    Path dir = ItSupport.tempDir("restore");
    Map<String, Object> config = ItSupport.config(prefix, appId, dir, registry);
    Map<String, UserMemory> before;
    try (KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry)) {
      // Given memories with history and pending rankings
      try (StreamApp app = StreamApp.start(new StreamAppConfig(config));
          DeterministicResponder responder = new DeterministicResponder(app.topics().inferenceRequests(),
              app.topics().inferenceResults(), registry)) {
        ItSupport.catalogue(producer, app.topics().items(), 40);
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        PacedReplay.replay(log(), producer, app, appId);
        before = ItSupport.memories(app);
      }
      assertThat(before).hasSize(USERS);
      assertThat(before.values()).allSatisfy(m -> assertThat(m.getPending()).hasSize(1));

      // When the local state is lost and the instance restarts
      ItSupport.deleteDir(dir);
      assertThat(Files.exists(dir)).isFalse();
      try (StreamApp app = StreamApp.start(new StreamAppConfig(config))) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        // Then every memory is back, byte for byte
        Map<String, UserMemory> after = ItSupport.memories(app);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String user : before.keySet()) {
          assertThat(ItSupport.avroBytes(after.get(user))).as("memory of %s", user)
              .isEqualTo(ItSupport.avroBytes(before.get(user)));
        }
        assertThat(ItSupport.inflightCount(app)).isZero();
      }
    } finally {
      ItSupport.deleteDir(dir);
    }
  }

  private static List<PacedReplay.Entry> log() {
    Random random = new Random(11);
    List<PacedReplay.Entry> log = new ArrayList<>();
    long t = ItSupport.T0;
    for (int k = 0; k < 50; k++) {
      for (int u = 1; u <= USERS; u++) {
        String user = "u" + u;
        log.add(new PacedReplay.Entry(t, user, ItSupport.rating(user + "-e" + k, user,
            "i" + (1 + random.nextInt(40)), 1 + random.nextInt(5), t)));
        t++;
      }
    }
    for (int u = 1; u <= USERS; u++) {
      String user = "u" + u;
      log.add(new PacedReplay.Entry(t, user, ItSupport.request(user + "-r1", user,
          List.of("i1", "i2", "i3", "i4", "i5"), t)));
      t++;
    }
    return log;
  }
}
