package io.starec.streamapp.it;

import io.starec.topics.DeadLetter;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.errors.DeadLetters;
import io.starec.testkit.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The service on a real broker with exactly_once_v2: dead letters, and the HTTP endpoints. */
class ServiceIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void badBytesGoToTheDlqUnderExactlyOnceAndTheHttpEndpointsAnswer() throws Exception {
    String registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("service");
    String appId = KafkaFixture.uniqueId("service-app");
    Path dir = ItSupport.tempDir("service");
    try (StreamApp app = StreamApp.start(new StreamAppConfig(ItSupport.config(prefix, appId, dir, registry)));
        KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry);
        KafkaProducer<byte[], byte[]> raw = ItSupport.rawProducer()) {
      ItSupport.catalogue(producer, app.topics().items(), 3);
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      // Given a healthy, running service
      HttpResponse<String> health = get(app, "/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("RUNNING");

      // When undeserializable bytes arrive
      byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
      raw.send(new ProducerRecord<>(app.topics().interactions(), "u1".getBytes(StandardCharsets.UTF_8), garbage));
      raw.flush();

      // Then the bytes are dead-lettered (committed, with their origin)
      List<ConsumerRecord<byte[], byte[]>> dead = ItSupport.readRaw(app.topics().dlq(), 1, Duration.ofSeconds(30));
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo(garbage);
      assertThat(new String(dead.get(0).headers().lastHeader(DeadLetter.SOURCE_TOPIC).value(),
          StandardCharsets.UTF_8)).isEqualTo(app.topics().interactions());
      assertThat(dead.get(0).headers().lastHeader(DeadLetter.SOURCE_OFFSET)).isNotNull();
      // and a bad record of a global table (items) is skipped without stopping the app
      raw.send(new ProducerRecord<>(app.topics().items(), "i9".getBytes(StandardCharsets.UTF_8), garbage));
      raw.flush();
      // and the next record of the same partition is applied
      producer.send(new ProducerRecord<>(app.topics().interactions(), "u1",
          ItSupport.rating("e1", "u1", "i1", 5, ItSupport.T0)));
      producer.flush();
      ItSupport.await(() -> get(app, "/users/u1/memory").statusCode() == 200, Duration.ofSeconds(30),
          "u1's memory");
      HttpResponse<String> memory = get(app, "/users/u1/memory");
      assertThat(memory.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(memory.body()).contains("\"eventId\":\"e1\"").startsWith("{\"view\":\"redacted\"");
      assertThat(get(app, "/users/nobody/memory").statusCode()).isEqualTo(404);
      ItSupport.await(() -> app.metrics().count("starec.stream.dlq", "stage", "deserialization-global-skipped") == 1,
          Duration.ofSeconds(30), "the bad item to be skipped");
      assertThat(get(app, "/health").statusCode()).isEqualTo(200);

      // and the metrics show our counters, with Kafka Streams' own only when asked for
      String metrics = get(app, "/metrics").body();
      assertThat(metrics).contains(
          "starec_stream_dlq_total{reason=\"SerdeException\",stage=\"deserialization\"} 1.0");
      assertThat(metrics).contains("starec_stream_interactions_total{outcome=\"applied\"} 1.0");
      assertThat(metrics).contains("# HELP starec_stream_response_latency_seconds ").doesNotContain("kafka_");
      String all = get(app, "/metrics?kafka=true").body();
      assertThat(all).contains("kafka_stream_").contains("starec_stream_interactions_total");
      assertThat(all.lines().count()).isGreaterThan(metrics.lines().count() * 3);
    } finally {
      ItSupport.deleteDir(dir);
    }
  }

  private HttpResponse<String> get(StreamApp app, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
