package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.config.StarecConfig;
import io.starec.core.policy.LinearScorer;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.schemas.registry.SchemaRegistryClients;
import io.starec.schemas.registry.SubjectNames;
import io.starec.schemas.serde.WireFormat;
import io.starec.testkit.KafkaFixture;
import io.starec.workerkit.consumer.StoppableRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A schema registry that cannot be reached is an outage of the gateway, not bad input: a real HTTP registry is
 * stopped (its port refuses connections) and started again on the same address.
 */
class GatewayRegistryOutageIT extends GatewayItBase {

  private StoppableRegistry stoppable;

  @BeforeEach
  void stoppableRegistry() throws Exception {
    stoppable = new StoppableRegistry(KafkaFixture.uniqueId("outage-registry"));
    closeables.add(stoppable); // closed after the gateway (closeables close in reverse)
    // the test's producers and readers share the registry's schemas without HTTP, so they never see the outage
    registry = stoppable.mockUrl();
    serdeCfg = Map.of(StarecConfig.SCHEMA_REGISTRY_URL, registry);
  }

  @Test
  void anUnreachableRegistryHoldsWhatCannotBeDecodedAndDeadLettersNothing() throws Exception {
    // Given a gateway that reads through the HTTP registry and has answered 20 tasks (their writer schema is cached)
    EmbeddedBackend backend = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());
    GatewayService gw = start(config(Map.of(StarecConfig.SCHEMA_REGISTRY_URL, stoppable.url(),
        GatewayConfig.REGISTRY_RETRY_BACKOFF_MS, "100", GatewayConfig.REGISTRY_RETRY_BACKOFF_MAX_MS, "1000")),
        backend);
    List<InferenceResult> results = results();
    long deadline = System.currentTimeMillis() + 300_000;
    produce(IntStream.range(0, 20).mapToObj(i -> task(i, deadline)).toList());
    await().atMost(Duration.ofSeconds(60)).until(() -> ids(results).size() == 20);

    // When the registry stops, and then arrive: on partition 0 tasks under a writer schema the gateway has never
    // read, followed by known ones; known tasks on partitions 1 and 2; a policy update (its schema is new too)
    stoppable.stop();
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 20; i < 30; i++) {
        send(raw, 0, underUnseenSchema(task(i, deadline)));
      }
      var known = topics.inferenceRequests().valueSerde(serdeCfg).serializer();
      for (int i = 30; i < 55; i++) {
        send(raw, i < 35 ? 0 : i < 45 ? 1 : 2, known.serialize(topics.inferenceRequests().name(), task(i, deadline)));
      }
      raw.flush();
    }
    publishPolicy(1, new RecordHeaders());

    // Then the known tasks of partitions 1 and 2 are answered during the outage, while partition 0 waits at its first
    // unreadable task and the policy update waits too
    await().atMost(Duration.ofSeconds(60)).until(() -> ids(results).containsAll(taskIds(35, 55)));
    assertThat(ids(results)).doesNotContainAnyElementsOf(taskIds(20, 35));
    assertThat(backend.scorer().version()).isZero();
    // and health says DEGRADED with the reason, without failing the probe
    HttpResponse<String> health = get(gw, "/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("\"status\":\"OUTAGE\"")
        .contains("registry unreachable");
    assertThat(heldPartitions(gw)).isEqualTo(2.0); // partition 0 of the tasks, and the policy updates
    // and nothing went to the DLQ
    assertThat(deadLetters()).isZero();

    // When the registry is back on the same address
    stoppable.start();

    // Then every task is answered, the update applies, every offset is committed and health is UP again
    await().atMost(Duration.ofSeconds(60)).until(() -> ids(results).containsAll(taskIds(0, 55)));
    await().atMost(Duration.ofSeconds(30)).until(() -> backend.scorer().version() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> committedRequests() == 55);
    await().atMost(Duration.ofSeconds(10)).until(() -> get(gw, "/health").body().contains("\"status\":\"UP\""));
    assertThat(results).allMatch(r -> r.getError() == null);
    assertThat(deadLetters()).isZero();
    assertThat(heldPartitions(gw)).isZero();
    assertThat(gw.metrics().scrape()).containsPattern("starec_gateway_registry_retries_total [1-9]");
  }

  private void send(KafkaProducer<byte[], byte[]> raw, int partition, byte[] value) {
    raw.send(new ProducerRecord<>(topics.inferenceRequests().name(), partition,
        "user".getBytes(StandardCharsets.UTF_8), value));
  }

  private static Set<String> taskIds(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "task-" + i).collect(Collectors.toSet());
  }

  private static double heldPartitions(GatewayService gw) {
    Matcher m = Pattern.compile("(?m)^starec_gateway_registry_held_partitions (\\S+)$").matcher(gw.metrics().scrape());
    assertThat(m.find()).as("held-partitions gauge").isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** A task written under a writer schema id the gateway has not cached: the same fields and one more property. */
  private byte[] underUnseenSchema(InferenceTask t) throws IOException {
    Schema unseen = new Schema.Parser().parse(InferenceTask.getClassSchema().toString());
    unseen.addProp("starec.test", "a writer schema the gateway has never read");
    int id = SchemaRegistryClients.create(serdeCfg)
        .register(SubjectNames.value(topics.inferenceRequests().name()), unseen);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new SpecificDatumWriter<InferenceTask>(unseen).write(t, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
