package io.starec.streamapp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.RankingResponse;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.DeadLetter;
import io.starec.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** An output the broker refuses, on a real broker with exactly_once_v2: dead-lettered, and the app goes on. */
class ProductionFailureIT {
  // before the production handler and the output cap, the broker's refusal aborted the transaction: the task was
  // re-processed from the same request forever and the later request was never answered

  private static final int RESPONSE_TOPIC_MAX_BYTES = 2_000;

  @Test
  void aResponseTheBrokerRefusesDeadLettersItsRequestAndLaterRequestsAreAnswered() throws Exception {
    String registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("production");
    String appId = KafkaFixture.uniqueId("production-app");
    Path dir = ItSupport.tempDir("production");
    // Given a responses topic that takes no record above 2 kB
    String responses = Topics.withPrefix(prefix).rankingResponses().name();
    try (Admin admin = KafkaFixture.admin()) {
      admin.createTopics(List.of(new NewTopic(responses, ItSupport.PARTITIONS, (short) 1)
          .configs(Map.of("max.message.bytes", Integer.toString(RESPONSE_TOPIC_MAX_BYTES))))).all().get();
    }
    // and the app's output cap set below it, as documented for output.max.record.bytes
    Map<String, Object> config = ItSupport.config(prefix, appId, dir, registry);
    config.put(StreamAppConfig.OUTPUT_MAX_RECORD_BYTES, Integer.toString(RESPONSE_TOPIC_MAX_BYTES - 500));
    try (StreamApp app = StreamApp.start(new StreamAppConfig(config));
        KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registry)) {
      ItSupport.catalogue(producer, app.topics().items(), 3);
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();

      // When a request's error response (it lists its 40 unknown candidates) is larger than the topic takes
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        unknown.add("unknown-item-with-a-long-id-" + "x".repeat(60) + i);
      }
      producer.send(new ProducerRecord<>(app.topics().rankingRequests(), "u1",
          ItSupport.request("big", "u1", unknown, ItSupport.T0)));
      producer.flush();

      // Then the request is dead-lettered with the stage and the reason, and answered with a small error response
      List<ConsumerRecord<byte[], byte[]>> dead = ItSupport.readRaw(app.topics().dlq(), 1, Duration.ofSeconds(60));
      assertThat(dead).hasSize(1);
      assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.STAGE)).isEqualTo("serialization");
      assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.ERROR_MESSAGE))
          .contains("writing to " + responses).contains("above output.max.record.bytes");
      assertThat(DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_TOPIC))
          .isEqualTo(app.topics().rankingRequests());

      // and a later small request of the same user is still answered
      producer.send(new ProducerRecord<>(app.topics().rankingRequests(), "u1",
          ItSupport.request("small", "u1", List.of("nope"), ItSupport.T0 + 1)));
      producer.flush();
      List<ConsumerRecord<String, RankingResponse>> answered = ItSupport.read(responses, RankingResponse.class,
          registry, 2, Duration.ofSeconds(60));
      assertThat(answered).extracting(r -> r.value().getRequestId().toString()).containsExactly("big", "small");
      assertThat(answered.get(0).value().getError()).contains("the response could not be written")
          .contains("above output.max.record.bytes");
      assertThat(answered.get(1).value().getError()).contains("unknown candidate ids");
      assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(app.metrics().total("starec.stream.thread.deaths")).isZero();
    } finally {
      ItSupport.deleteDir(dir);
    }
  }
}
