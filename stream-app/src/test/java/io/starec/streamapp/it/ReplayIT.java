package io.starec.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * (b) Replaying the same log into a fresh application id rebuilds byte-identical memory, with rankings and
 * reflections answered by a deterministic responder.
 */
class ReplayIT {

  private static final int USERS = 8;
  private static final int ITEMS = 60;

  @Test
  void replayingTheLogIntoAFreshApplicationRebuildsByteIdenticalMemory() throws Exception {
    String registry = KafkaFixture.registryUrl();
    // Given a first run over a generated log
    String prefix1 = KafkaFixture.uniqueId("replay1");
    String app1Id = KafkaFixture.uniqueId("replay-app1");
    Path dir1 = ItSupport.tempDir("replay1");
    Map<String, UserMemory> first;
    List<PacedReplay.Entry> recorded;
    Set<String> firstRewards;
    try (KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry);
        StreamApp app = StreamApp.start(new StreamAppConfig(ItSupport.config(prefix1, app1Id, dir1, registry)));
        DeterministicResponder responder = new DeterministicResponder(app.topics().inferenceRequests(),
            app.topics().inferenceResults(), registry)) {
      ItSupport.catalogue(producer, app.topics().items(), ITEMS);
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      PacedReplay.replay(generatedLog(), producer, app, app1Id);
      first = ItSupport.memories(app);
      firstRewards = rewardIds(app.topics().trainingRewards(), registry);
      assertThat(ItSupport.read(app.topics().rankingResponses(), RankingResponse.class, registry, 2 * USERS,
          Duration.ofSeconds(10))).hasSize(2 * USERS).allSatisfy(r -> assertThat(r.value().getDegraded()).isFalse());
      // the log as it was recorded on the input topics
      recorded = readLog(app.topics().interactions(), app.topics().rankingRequests(), registry);
    }

    // When the recorded log is replayed into a fresh application id (own topics, own state)
    String prefix2 = KafkaFixture.uniqueId("replay2");
    String app2Id = KafkaFixture.uniqueId("replay-app2");
    Path dir2 = ItSupport.tempDir("replay2");
    Map<String, UserMemory> second;
    Set<String> secondRewards;
    try (KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry);
        StreamApp app = StreamApp.start(new StreamAppConfig(ItSupport.config(prefix2, app2Id, dir2, registry)));
        DeterministicResponder responder = new DeterministicResponder(app.topics().inferenceRequests(),
            app.topics().inferenceResults(), registry)) {
      for (ConsumerRecord<String, Item> item : ItSupport.read(prefix1 + ".items", Item.class, registry, ITEMS,
          Duration.ofSeconds(10))) {
        producer.send(new ProducerRecord<>(app.topics().items(), item.key(), item.value()));
      }
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      PacedReplay.replay(recorded, producer, app, app2Id);
      second = ItSupport.memories(app);
      secondRewards = rewardIds(app.topics().trainingRewards(), registry);
    } finally {
      ItSupport.deleteDir(dir1);
      ItSupport.deleteDir(dir2);
    }

    // Then every user's memory is the same, byte for byte
    assertThat(second.keySet()).isEqualTo(first.keySet()).hasSize(USERS);
    for (String user : first.keySet()) {
      assertThat(ItSupport.avroBytes(second.get(user))).as("memory of %s", user)
          .isEqualTo(ItSupport.avroBytes(first.get(user)));
    }
    // and the run exercised what memory holds: pending rankings, reflections, rewarded reflections
    assertThat(first.values()).allSatisfy(m -> assertThat(m.getPending()).isNotEmpty());
    assertThat(first.values().stream().mapToLong(UserMemory::getReflectionCount).sum()).isPositive();
    assertThat(firstRewards).anyMatch(id -> id.contains(":" + TaskKind.REFLECT + "="));
    assertThat(secondRewards).isEqualTo(firstRewards);
  }

  /**
   * Per user: 12 rated items; request r1 (10 candidates); feedback: the responder's top item rated 1 (a
   * discrepancy), one candidate rated 5; request r2; its responder-top candidate rated 5.
   */
  private static List<PacedReplay.Entry> generatedLog() {
    Random random = new Random(42);
    List<PacedReplay.Entry> log = new ArrayList<>();
    long t = ItSupport.T0;
    List<List<String>> seen = new ArrayList<>();
    for (int u = 1; u <= USERS; u++) {
      seen.add(new ArrayList<>());
    }
    for (int k = 0; k < 12; k++) {
      for (int u = 1; u <= USERS; u++) {
        String item = "i" + (1 + random.nextInt(ITEMS));
        seen.get(u - 1).add(item);
        log.add(interaction("h" + k, u, item, 1 + random.nextInt(5), t++));
      }
    }
    List<List<String>> r1 = new ArrayList<>();
    for (int u = 1; u <= USERS; u++) {
      List<String> candidates = candidates(random, seen.get(u - 1));
      r1.add(candidates);
      log.add(request("r1", u, candidates, t++));
    }
    for (int u = 1; u <= USERS; u++) {
      List<String> ranked = DeterministicResponder.rank(r1.get(u - 1));
      log.add(interaction("f1", u, ranked.get(0), 1, t++));
      log.add(interaction("f2", u, ranked.get(2 + u % 8), 5, t++));
    }
    List<List<String>> r2 = new ArrayList<>();
    for (int u = 1; u <= USERS; u++) {
      List<String> candidates = candidates(random, seen.get(u - 1));
      r2.add(candidates);
      log.add(request("r2", u, candidates, t++));
    }
    for (int u = 1; u <= USERS; u++) {
      log.add(interaction("g1", u, DeterministicResponder.rank(r2.get(u - 1)).get(u % 3), 5, t++));
    }
    return log;
  }

  private static List<String> candidates(Random random, List<String> seen) {
    Set<String> c = new TreeSet<>();
    while (c.size() < 10) {
      String item = "i" + (1 + random.nextInt(ITEMS));
      if (!seen.contains(item)) {
        c.add(item);
      }
    }
    List<String> shuffled = new ArrayList<>(c);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled;
  }

  private static PacedReplay.Entry interaction(String event, int u, String item, double rating, long t) {
    String user = "u" + u;
    return new PacedReplay.Entry(t, user, ItSupport.rating(user + "-" + event, user, item, rating, t));
  }

  private static PacedReplay.Entry request(String id, int u, List<String> candidates, long t) {
    String user = "u" + u;
    return new PacedReplay.Entry(t, user, ItSupport.request(user + "-" + id, user, candidates, t));
  }

  /** Both input topics, merged back into event-time order. */
  private static List<PacedReplay.Entry> readLog(String interactions, String requests, String registry) {
    List<PacedReplay.Entry> log = new ArrayList<>();
    for (ConsumerRecord<String, Interaction> r : ItSupport.read(interactions, Interaction.class, registry,
        USERS * 15, Duration.ofSeconds(15))) {
      log.add(new PacedReplay.Entry(r.value().getTimestampMs(), r.key(), r.value()));
    }
    for (ConsumerRecord<String, RankingRequest> r : ItSupport.read(requests, RankingRequest.class, registry,
        USERS * 2, Duration.ofSeconds(15))) {
      log.add(new PacedReplay.Entry(r.value().getTimestampMs(), r.key(), r.value()));
    }
    log.sort(Comparator.comparingLong(PacedReplay.Entry::timestampMs));
    return log;
  }

  private static Set<String> rewardIds(String topic, String registry) {
    return ItSupport.readAll(topic, RewardRecord.class, registry, Duration.ofSeconds(1)).stream()
        .map(r -> r.value().getRecordId() + "=" + r.value().getReward()).collect(Collectors.toSet());
  }
}
