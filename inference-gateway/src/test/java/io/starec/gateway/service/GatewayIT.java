package io.starec.gateway.service;

import io.starec.topics.DeadLetter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.PolicyUpdate;
import io.starec.core.policy.LinearScorer;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.BackendAnswer;
import io.starec.gateway.backend.BackendRequest;
import io.starec.gateway.backend.Completion;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.testkit.KafkaFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The gateway loop on a real broker: exact counts and commits, restarts, DLQ, policy hot-swap. */
class GatewayIT extends GatewayItBase {

  @Test
  void thousandTasksGiveExactlyThousandResultsAndCommitsCatchUp() throws Exception {
    thousandTasksGiveThousandResults(new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults()));
  }

  @Test
  void policyFeaturesThatAreNotFiniteNeverLeaveTheGateway() throws Exception {
    // Given a backend whose first rollout of every task logs a NaN feature
    GatewayService gw = start(config(Map.of()), new NanFeatures());
    List<InferenceResult> results = results();

    // When a task with two rollouts is answered
    produce(List.of(Fixtures.rank("nan-1", "u1", catalogue.subList(0, 8), candidates(1), 2, 1.0,
        System.currentTimeMillis() + 60_000)));
    await().atMost(Duration.ofSeconds(30)).until(() -> !results.isEmpty());

    // Then the rollout with the NaN goes out without features, the sound one with them, and the drop is counted
    InferenceResult r = results.get(0);
    assertThat(r.getError()).isNull();
    assertThat(r.getOutputs()).hasSize(2);
    assertThat(r.getOutputs().get(0).getPolicyFeatures()).isNull();
    assertThat(r.getOutputs().get(1).getPolicyFeatures()).isNotNull();
    assertThat(gw.metrics().count("starec.gateway.policy.features.dropped", "reason", "non-finite")).isEqualTo(1.0);
  }

  /** The embedded policy with a NaN in the first rollout's logged features, as a numerical bug upstream would. */
  private static final class NanFeatures implements InferenceBackend {
    final EmbeddedBackend inner = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());

    @Override
    public String name() {
      return "nan-features";
    }

    @Override
    public String modelVersion() {
      return "nan-features";
    }

    @Override
    public BackendAnswer complete(BackendRequest request) {
      BackendAnswer answer = inner.complete(request);
      List<Completion> out = new ArrayList<>();
      for (Completion c : answer.completions()) {
        PolicyFeatures f = c.features();
        if (c.rollout() == 0) {
          List<Double> values = new ArrayList<>(f.getValues());
          values.set(0, Double.NaN);
          f = PolicyFeatures.newBuilder(f).setValues(values).build();
        }
        out.add(new Completion(c.rollout(), c.text(), c.logprob(), c.scores(), f));
      }
      return new BackendAnswer(out, answer.modelVersion());
    }
  }

  /** The embedded policy, slowed down so a run lasts long enough to be interrupted. */
  private static final class Slow implements InferenceBackend {
    final EmbeddedBackend inner = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public String modelVersion() {
      return "slow";
    }

    @Override
    public BackendAnswer complete(BackendRequest request) {
      try {
        Thread.sleep(40);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.complete(request);
    }
  }


  @Test
  void aRestartMidRunLosesNoTask() throws Exception {
    restartLosesNoTask(Slow::new);
  }

  @Test
  void badRecordsGoToTheDlqAndProcessingContinues() throws Exception {
    start(config(Map.of()), new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults()));
    List<InferenceResult> results = results();
    long deadline = System.currentTimeMillis() + 60_000;

    // Given garbage bytes, an invalid task (no candidates) and a valid task
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topics.inferenceRequests().name(), 0, "u".getBytes(StandardCharsets.UTF_8),
          "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
    }
    InferenceTask invalid = Fixtures.rank("invalid-1", "u", catalogue.subList(0, 4), List.of(), 1, 0, deadline);
    produce(List.of(invalid, task(7, deadline)));

    // Then the valid task is answered, the invalid one gets an error result, both bad records are dead letters
    await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 2);
    Map<String, InferenceResult> byId = new HashMap<>();
    results.forEach(r -> byId.put(r.getTaskId(), r));
    assertThat(byId.get("task-7").getError()).isNull();
    assertThat(byId.get("invalid-1").getError()).startsWith("invalid-task: RANK task without candidates");

    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-dlq");
    List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topics.dlq().name()));
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        c.poll(Duration.ofMillis(200)).forEach(dead::add);
        return dead.size() >= 2;
      });
    }
    Map<String, String> first = headers(dead.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8)
        .equals("not avro at all")).findFirst().orElseThrow());
    assertThat(first).containsEntry(DeadLetter.SOURCE_TOPIC, topics.inferenceRequests().name())
        .containsEntry(DeadLetter.SOURCE_PARTITION, "0").containsKey(DeadLetter.SOURCE_OFFSET)
        .containsEntry(DeadLetter.ERROR_CLASS, "io.starec.schemas.serde.SerdeException");
    assertThat(first.get(DeadLetter.ERROR_MESSAGE)).contains("magic byte");
    assertThat(dead).anyMatch(r -> headers(r).getOrDefault(DeadLetter.ERROR_MESSAGE, "")
        .equals("RANK task without candidates"));
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> h = new HashMap<>();
    for (Header x : r.headers()) {
      h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8));
    }
    return h;
  }

  @Test
  void policyUpdatesAreHotSwapped() throws Exception {
    EmbeddedBackend backend = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());
    GatewayService gw = start(config(Map.of()), backend);
    List<InferenceResult> results = results();

    // Given a junk record and a new scorer version that only values popularity
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer());
        KafkaProducer<String, PolicyUpdate> producer = new KafkaProducer<>(KafkaFixture.clientProperties(),
            new StringSerializer(), topics.policyUpdates().valueSerde(serdeCfg).serializer())) {
      raw.send(new ProducerRecord<>(topics.policyUpdates().name(), "embedded".getBytes(StandardCharsets.UTF_8),
          new byte[] {1, 2, 3})).get();
      producer.send(new ProducerRecord<>(topics.policyUpdates().name(), "embedded", PolicyUpdate.newBuilder()
          .setPolicyName("embedded").setVersion(5).setKind(LinearScorer.KIND)
          .setPayload(ByteBuffer.wrap("{\"weights\":{\"popularity\":1.0}}".getBytes(StandardCharsets.UTF_8)))
          .build())).get();
    }

    // When the gateway picks it up and ranks
    await().atMost(Duration.ofSeconds(20)).until(() -> backend.scorer().version() == 5);
    produce(List.of(task(3, System.currentTimeMillis() + 60_000)));
    await().atMost(Duration.ofSeconds(20)).until(() -> !results.isEmpty());

    // Then the new version answered and the most popular candidate leads
    InferenceResult r = results.get(0);
    assertThat(r.getModelVersion()).endsWith("@5");
    CandidateItem mostPopular = candidates(3).stream()
        .max(java.util.Comparator.comparingLong(CandidateItem::getInteractionCount)).orElseThrow();
    assertThat(r.getOutputs().get(0).getRanking().get(0).getItemId()).isEqualTo(mostPopular.getItemId());
    assertThat(gw.metrics().count("starec.gateway.policy.updates", "outcome", "unreadable")).isEqualTo(1.0);
    assertThat(gw.metrics().scrape()).contains("starec_gateway_policy_version 5.0");
  }
}
