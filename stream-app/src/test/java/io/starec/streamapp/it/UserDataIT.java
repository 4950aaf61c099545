package io.starec.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.schemas.json.AvroJson;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.testkit.KafkaFixture;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The user-data endpoints on a real broker with a token: a served ranking, a reflection and a reward, read back
 * through /users/{id}/memory (redacted and full), /users/{id}/agent and /live.
 */
class UserDataIT {

  private static final String TOKEN = "it-token-7f3a";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void anAgentsRankingReflectionAndRewardAreReadableWithTheTokenOnly() throws Exception {
    String registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("userdata");
    Path dir = ItSupport.tempDir("userdata");
    Path tokenFile = Files.writeString(dir.resolve("http-token"), TOKEN + "\n");
    Map<String, Object> c = ItSupport.config(prefix, prefix + "-app", dir.resolve("state"), registry);
    c.put(StreamAppConfig.HTTP_AUTH_TOKEN_FILE, tokenFile.toString());
    try (StreamApp app = StreamApp.start(new StreamAppConfig(c));
        DeterministicResponder gateway = new DeterministicResponder(app.topics().inferenceRequests(),
            app.topics().inferenceResults(), registry);
        KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry)) {
      // Given a catalogue and a ranking served to u1 (the responder ranks by hash, explaining "hash order")
      ItSupport.catalogue(producer, app.topics().items(), 20);
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      List<String> candidates = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        candidates.add("i" + i);
      }
      List<String> served = DeterministicResponder.rank(candidates);
      producer.send(new ProducerRecord<>(app.topics().rankingRequests(), "u1",
          ItSupport.request("r1", "u1", candidates, ItSupport.T0)));
      producer.flush();
      ItSupport.await(() -> get(app, "/users/u1/memory", TOKEN).statusCode() == 200, Duration.ofSeconds(60),
          "u1's pending ranking");
      // When u1 dislikes the first-ranked item (a reflection) and likes the second (ground truth: reward +0.5)
      producer.send(new ProducerRecord<>(app.topics().interactions(), "u1",
          ItSupport.rating("e1", "u1", served.get(0), 1, ItSupport.T0 + 1_000)));
      producer.send(new ProducerRecord<>(app.topics().interactions(), "u1",
          ItSupport.rating("e2", "u1", served.get(1), 5, ItSupport.T0 + 2_000)));
      producer.flush();
      ItSupport.await(() -> json(get(app, "/users/u1/agent", TOKEN)).at("/memory/reflections/0/descriptionAfter")
          .isTextual() && !json(get(app, "/users/u1/agent", TOKEN)).at("/rankings/0/outcome").isNull(),
          Duration.ofSeconds(60), "the reflection and the reward");

      // Then without the token, or with another, nothing about u1 is readable
      assertThat(get(app, "/users/u1/memory", null).statusCode()).isEqualTo(401);
      assertThat(get(app, "/users/u1/agent", "not-it").statusCode()).isEqualTo(401);
      assertThat(get(app, "/live", null).statusCode()).isEqualTo(401);
      // and with it the memory is redacted by default: the reflection log, no prompts or completions
      HttpResponse<String> redacted = get(app, "/users/u1/memory", TOKEN);
      assertThat(redacted.body()).doesNotContain("promptMessages", "reflectPrompt", "\"completion\"");
      JsonNode memory = json(redacted);
      assertThat(memory.get("view").asText()).isEqualTo("redacted");
      JsonNode reflection = memory.at("/reflections/0");
      assertThat(reflection.get("itemId").asText()).isEqualTo(served.get(0));
      assertThat(reflection.get("predictedRank").asInt()).isEqualTo(1);
      assertThat(reflection.get("actualLiked").asBoolean()).isFalse();
      assertThat(reflection.get("descriptionBefore").asText()).isEmpty();
      assertThat(reflection.get("descriptionAfter").asText()).startsWith("Reflected on Movie");
      assertThat(memory.get("description").asText()).isEqualTo(reflection.get("descriptionAfter").asText());
      // and ?view=full gives the stored record, prompts included
      assertThat(get(app, "/users/u1/memory?view=full", TOKEN).body()).contains("\"view\":\"full\"", "promptMessages");
      // and the agent view has the served ranking with its explanations, rationale and reward, and item titles
      JsonNode agent = json(get(app, "/users/u1/agent", TOKEN));
      JsonNode ranking = agent.at("/rankings/0");
      assertThat(ranking.get("requestId").asText()).isEqualTo("r1");
      assertThat(ranking.at("/ranked/0/itemId").asText()).isEqualTo(served.get(0));
      assertThat(ranking.at("/ranked/0/explanation").asText()).isEqualTo("hash order");
      assertThat(ranking.get("rationale").asText()).isEqualTo("by hash");
      assertThat(ranking.at("/outcome/reward").asDouble()).isEqualTo(0.5);
      assertThat(ranking.at("/outcome/positiveRank").asInt()).isEqualTo(2);
      assertThat(ranking.at("/outcome/positiveItemId").asText()).isEqualTo(served.get(1));
      assertThat(agent.at("/titles/" + served.get(0)).asText()).startsWith("Movie ");
      // and the live counters saw the served ranking and its resolution
      JsonNode live = json(get(app, "/live", TOKEN));
      assertThat(live.get("served").asDouble()).isEqualTo(1.0);
      assertThat(live.get("resolvedRankings").asLong()).isEqualTo(1);
      assertThat(live.get("servedReward").asDouble()).isEqualTo(0.5);
      assertThat(live.get("reflectionsApplied").asDouble()).isEqualTo(1.0);
    } finally {
      ItSupport.deleteDir(dir);
    }
  }

  private HttpResponse<String> get(StreamApp app, String path, String token) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).GET();
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return AvroJson.MAPPER.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException("not JSON (" + r.statusCode() + "): " + r.body(), e);
    }
  }
}
