package io.starec.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.HistoryEntry;
import io.starec.avro.UserMemory;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.StreamTopics;
import io.starec.streamapp.topology.StoreNames;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * (a) Two instances share the work; one is closed abruptly mid-stream and the other takes over. Every user's
 * memory then equals that of a single uninterrupted run: no history entry lost or applied twice.
 */
class FailoverIT {

  private static final int USERS = 12;
  private static final int EVENTS = 45;

  @Test
  void theSurvivorTakesOverWithoutLosingOrDuplicatingHistory() throws Exception {
    String registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("failover");
    String appId = KafkaFixture.uniqueId("failover-app");
    Path dirA = ItSupport.tempDir("fo-a");
    Path dirB = ItSupport.tempDir("fo-b");
    Path dirRef = ItSupport.tempDir("fo-ref");
    List<ProducerRecord<String, SpecificRecord>> events = events(prefix);
    StreamApp a = null;
    StreamApp b = null;
    StreamApp reference = null;
    try (KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry)) {
      // Given two running instances of one application, their user data behind one token
      Path token = Files.writeString(dirRef.resolve("http-token"), "failover-token");
      a = StreamApp.start(new StreamAppConfig(withToken(ItSupport.config(prefix, appId, dirA, registry), token)));
      b = StreamApp.start(new StreamAppConfig(withToken(ItSupport.config(prefix, appId, dirB, registry), token)));
      ItSupport.catalogue(producer, prefix + ".items", 30);
      assertThat(a.awaitRunning(Duration.ofSeconds(60))).isTrue();
      assertThat(b.awaitRunning(Duration.ofSeconds(60))).isTrue();
      StreamApp first = a;
      StreamApp second = b;
      ItSupport.await(() -> first.streams().metadataForLocalThreads().stream()
          .allMatch(t -> !t.activeTasks().isEmpty()) && second.streams().metadataForLocalThreads().stream()
          .allMatch(t -> !t.activeTasks().isEmpty()), Duration.ofSeconds(60), "both instances own tasks");

      // When the first half of the events is processed by both
      int half = events.size() / 2;
      events.subList(0, half).forEach(producer::send);
      producer.flush();
      ItSupport.await(() -> total(first) + total(second) >= half / 2, Duration.ofSeconds(60), "processing");
      // (a user owned by B is served through A's HTTP endpoint)
      String remoteUser = userOwnedBy(a, b);
      HttpRequest memoryViaA = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + a.httpPort() + "/users/" + remoteUser + "/memory"))
          .header("Authorization", "Bearer failover-token").GET().build();
      // 404 until B has applied one of that user's events: wait for it rather than race it
      AtomicReference<HttpResponse<String>> forwarded = new AtomicReference<>();
      ItSupport.await(() -> {
        try {
          forwarded.set(HttpClient.newHttpClient().send(memoryViaA, HttpResponse.BodyHandlers.ofString()));
          return forwarded.get().statusCode() == 200;
        } catch (java.io.IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }, Duration.ofSeconds(30), "memory of " + remoteUser + " served through A");
      assertThat(forwarded.get().body()).contains("\"userId\":\"" + remoteUser + "\"");
      // (the owner checks the token the caller gave: without one, A refuses before forwarding)
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(memoryViaA.uri()).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      HttpResponse<String> agentViaA = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + a.httpPort() + "/users/" + remoteUser + "/agent"))
          .header("Authorization", "Bearer failover-token").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(agentViaA.statusCode()).isEqualTo(200);
      assertThat(agentViaA.body()).startsWith("{\"userId\":\"" + remoteUser + "\"");

      // and B dies abruptly while the second half streams in
      Thread tail = new Thread(() -> {
        List<ProducerRecord<String, SpecificRecord>> rest = events.subList(half, events.size());
        for (int i = 0; i < rest.size(); i++) {
          producer.send(rest.get(i));
          if (i % 24 == 0) {
            producer.flush();
            ItSupport.sleep(20); // spread the tail over the abrupt close
          }
        }
        producer.flush();
      });
      tail.start();
      b.close(Duration.ZERO);
      tail.join();

      // Then A takes over and applies every event exactly once
      ItSupport.await(() -> complete(first), Duration.ofSeconds(90), "the survivor to catch up");
      Map<String, UserMemory> survivor = ItSupport.memories(a);

      // And a single uninterrupted run over the same log (own outputs) has the same memory
      String refPrefix = KafkaFixture.uniqueId("failover-ref");
      Topics refTopics = Topics.of(refPrefix, ItSupport.PARTITIONS);
      StreamTopics topics = StreamTopics.from(Topics.of(prefix, ItSupport.PARTITIONS))
          .withInference(refTopics.inferenceRequests().name(), refTopics.inferenceResults().name())
          .withOutputs(refTopics.rankingResponses().name(), refTopics.trainingRewards().name(),
              refTopics.dlq().name(), refTopics.itemStats().name());
      KafkaFixture.createTopics(ItSupport.PARTITIONS, refTopics.inferenceRequests().name(),
          refTopics.inferenceResults().name(), refTopics.rankingResponses().name(),
          refTopics.trainingRewards().name(), refTopics.dlq().name());
      reference = StreamApp.start(new StreamAppConfig(ItSupport.config(prefix,
          KafkaFixture.uniqueId("failover-ref-app"), dirRef, registry)), topics);
      StreamApp ref = reference;
      ItSupport.await(() -> complete(ref), Duration.ofSeconds(90), "the reference run");
      Map<String, UserMemory> expected = ItSupport.memories(reference);

      assertThat(survivor.keySet()).isEqualTo(expected.keySet()).hasSize(USERS);
      for (String user : expected.keySet()) {
        UserMemory m = survivor.get(user);
        assertThat(ItSupport.avroBytes(m)).as("memory of %s", user)
            .isEqualTo(ItSupport.avroBytes(expected.get(user)));
        List<String> ids = m.getHistory().stream().map(HistoryEntry::getEventId).toList();
        assertThat(ItSupport.duplicates(ids)).isEmpty();
        assertThat(ids).isEqualTo(expectedHistory(user));
        assertThat(m.getInteractionCount()).isEqualTo(EVENTS);
      }
    } finally {
      for (StreamApp app : new StreamApp[] {a, b, reference}) {
        if (app != null) {
          app.close(Duration.ofSeconds(10));
        }
      }
      ItSupport.deleteDir(dirA);
      ItSupport.deleteDir(dirB);
      ItSupport.deleteDir(dirRef);
    }
  }

  /** USERS users, EVENTS each, interleaved, in event-time order. */
  private static List<ProducerRecord<String, SpecificRecord>> events(String prefix) {
    Random random = new Random(7);
    List<ProducerRecord<String, SpecificRecord>> events = new ArrayList<>();
    long t = ItSupport.T0;
    for (int k = 0; k < EVENTS; k++) {
      for (int u = 1; u <= USERS; u++) {
        String user = "u" + u;
        events.add(new ProducerRecord<>(prefix + ".interactions", null, t, user, ItSupport.rating(
            user + "-e" + k, user, "i" + (1 + random.nextInt(30)), 1 + random.nextInt(5), t)));
        t++;
      }
    }
    return events;
  }

  private static List<String> expectedHistory(String user) {
    List<String> ids = new ArrayList<>();
    for (int k = EVENTS - 40; k < EVENTS; k++) {
      ids.add(user + "-e" + k);
    }
    return ids;
  }

  private static long total(StreamApp app) {
    return ItSupport.memories(app).values().stream().mapToLong(UserMemory::getInteractionCount).sum();
  }

  private static boolean complete(StreamApp app) {
    Map<String, UserMemory> m = ItSupport.memories(app);
    return m.size() == USERS && m.values().stream().allMatch(x -> x.getInteractionCount() == EVENTS);
  }

  private static String userOwnedBy(StreamApp asker, StreamApp owner) {
    HostInfo ownerHost = new HostInfo("127.0.0.1", owner.httpPort());
    for (int u = 1; u <= USERS; u++) {
      KeyQueryMetadata md = asker.streams().queryMetadataForKey(StoreNames.USER_MEMORY, "u" + u,
          Serdes.String().serializer());
      if (ownerHost.equals(md.activeHost())) {
        return "u" + u;
      }
    }
    throw new AssertionError("no user owned by the second instance");
  }

  private static Map<String, Object> withToken(Map<String, Object> config, Path tokenFile) {
    config.put(StreamAppConfig.HTTP_AUTH_TOKEN_FILE, tokenFile.toString());
    return config;
  }
}
