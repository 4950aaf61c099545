package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyUpdate;
import io.starec.avro.RankedItem;
import io.starec.config.StarecConfig;
import io.starec.core.policy.LinearScorer;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Per-test topics, a gateway factory, producers and a results reader for the gateway ITs. */
abstract class GatewayItBase {

  final List<CandidateItem> catalogue = Fixtures.catalogue(200, 11);
  final List<AutoCloseable> closeables = new ArrayList<>();
  Topics topics;
  String prefix;
  String registry;
  Map<String, Object> serdeCfg;

  @BeforeEach
  void topics() {
    prefix = KafkaFixture.uniqueId("gw");
    topics = Topics.withPrefix(prefix);
    registry = KafkaFixture.registryUrl();
    serdeCfg = Map.of(StarecConfig.SCHEMA_REGISTRY_URL, registry);
    KafkaFixture.createTopics(3, topics.inferenceRequests().name(), topics.inferenceResults().name());
    KafkaFixture.createTopics(1, topics.policyUpdates().name(), topics.dlq().name());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  GatewayConfig config(Map<String, Object> extra) {
    Map<String, Object> o = new HashMap<>();
    o.put(StarecConfig.BOOTSTRAP_SERVERS, KafkaFixture.bootstrapServers());
    o.put(StarecConfig.SCHEMA_REGISTRY_URL, registry);
    o.put(StarecConfig.TOPIC_PREFIX, prefix);
    o.put(StarecConfig.HTTP_PORT, "0");
    o.put(GatewayConfig.GROUP_ID, prefix + "-gateway");
    o.put(GatewayConfig.COMMIT_INTERVAL_MS, "200");
    o.put(GatewayConfig.SHUTDOWN_GRACE_MS, "5000");
    o.putAll(extra);
    return new GatewayConfig(StarecConfig.load(GatewayConfig.configDef(), null, Map.of(), o));
  }

  GatewayService start(GatewayConfig c, InferenceBackend backend) throws Exception {
    GatewayService s = new GatewayService(c, backend).start();
    closeables.add(s);
    return s;
  }

  List<CandidateItem> candidates(int seed) {
    List<CandidateItem> c = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      c.add(catalogue.get((seed * 7 + i * 3) % catalogue.size()));
    }
    return c;
  }

  InferenceTask task(int i, long deadlineMs) {
    return Fixtures.rank("task-" + i, "user-" + (i % 17), catalogue.subList(0, 8), candidates(i), 1, 0.0, deadlineMs);
  }

  void produce(List<InferenceTask> tasks) {
    Properties p = KafkaFixture.clientProperties();
    try (KafkaProducer<String, InferenceTask> producer = new KafkaProducer<>(p, new StringSerializer(),
        topics.inferenceRequests().valueSerde(serdeCfg).serializer())) {
      for (InferenceTask t : tasks) {
        producer.send(new ProducerRecord<>(topics.inferenceRequests().name(), t.getUserId(), t));
      }
      producer.flush();
    }
  }

  /** Reads all results from the beginning in the background. */
  List<InferenceResult> results() {
    List<InferenceResult> out = new CopyOnWriteArrayList<>();
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-reader-" + System.nanoTime());
    var deser = topics.inferenceResults().valueSerde(serdeCfg).deserializer();
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    c.subscribe(List.of(topics.inferenceResults().name()));
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
            out.add(deser.deserialize(r.topic(), r.value()));
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        // done
      } finally {
        c.close();
      }
    }, "results-reader");
    t.setDaemon(true);
    t.start();
    closeables.add(() -> {
      c.wakeup();
      t.join(5000);
    });
    return out;
  }

  static Set<String> ids(List<InferenceResult> rs) {
    return rs.stream().map(InferenceResult::getTaskId).collect(Collectors.toSet());
  }

  /**
   * Given a gateway on {@code backend}, when 1,000 tasks arrive, then exactly 1,000 results come back, one per
   * task and each a full permutation, health and metrics are served, and the committed offsets reach the end.
   */
  void thousandTasksGiveThousandResults(InferenceBackend backend) throws Exception {
    GatewayService gw = start(config(Map.of(GatewayConfig.MAX_IN_FLIGHT, "16", GatewayConfig.WORKER_THREADS, "2")),
        backend);
    List<InferenceResult> results = results();
    List<InferenceTask> tasks = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 120_000;
    for (int i = 0; i < 1000; i++) {
      tasks.add(task(i, deadline));
    }

    produce(tasks);

    await().atMost(Duration.ofSeconds(90)).until(() -> results.size() >= 1000);
    Thread.sleep(500);
    assertThat(results).hasSize(1000);
    assertThat(ids(results)).hasSize(1000);
    assertThat(results).allMatch(r -> r.getError() == null && r.getOutputs().size() == 1
        && r.getOutputs().get(0).getRanking().size() == 20
        && r.getOutputs().get(0).getRanking().stream().map(RankedItem::getItemId).distinct().count() == 20);
    assertThat(results).allMatch(r -> r.getBackend().equals(backend.name()));

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort()
        + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"", "\"circuit\":\"CLOSED\"");
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("starec_gateway_task_latency_seconds_bucket", "starec_gateway_inflight");
    assertThat(metrics.lines().filter(l -> l.startsWith("# HELP "))).isNotEmpty()
        .allSatisfy(help -> assertThat(help).as("every meter says what it measures").matches("# HELP \\S+ \\S.*"));

    gw.close();
    try (Admin admin = KafkaFixture.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(prefix + "-gateway")
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
      assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(end)
          .isEqualTo(1000);
    }
  }

  /**
   * Given 300 tasks and a gateway on a slow backend that is killed part-way through (no final commit), when a
   * new instance takes over the same group, then every task has a result; a duplicate is a second result of the
   * same task id.
   */
  void restartLosesNoTask(Supplier<InferenceBackend> slowBackend) throws Exception {
    GatewayConfig cfg = config(Map.of(GatewayConfig.MAX_IN_FLIGHT, "8", GatewayConfig.WORKER_THREADS, "4"));
    List<InferenceResult> results = results();
    List<InferenceTask> tasks = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 300_000;
    for (int i = 0; i < 300; i++) {
      tasks.add(task(i, deadline));
    }
    produce(tasks);
    GatewayService first = start(cfg, slowBackend.get());
    await().atMost(Duration.ofSeconds(60)).until(() -> results.size() >= 60);

    first.kill();
    int atKill = ids(results).size();
    start(cfg, slowBackend.get());

    await().atMost(Duration.ofSeconds(90)).until(() -> ids(results).size() >= 300);
    Set<String> expected = tasks.stream().map(InferenceTask::getTaskId).collect(Collectors.toSet());
    assertThat(atKill).isLessThan(300);
    assertThat(ids(results)).isEqualTo(expected);
    assertThat(results.size()).isGreaterThanOrEqualTo(300);
    assertThat(results).allMatch(r -> r.getError() == null);
  }

  /** Records in the DLQ topic now. */
  long deadLetters() throws Exception {
    try (Admin admin = KafkaFixture.admin()) {
      TopicPartition tp = new TopicPartition(topics.dlq().name(), 0);
      return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
    }
  }

  /** Offsets the gateway's group committed on the requests topic, summed over its partitions. */
  long committedRequests() throws Exception {
    try (Admin admin = KafkaFixture.admin()) {
      return admin.listConsumerGroupOffsets(prefix + "-gateway").partitionsToOffsetAndMetadata().get().entrySet()
          .stream().filter(e -> e.getKey().topic().equals(topics.inferenceRequests().name()) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  /** A GET of the gateway's HTTP endpoint, e.g. {@code /health}. */
  static HttpResponse<String> get(GatewayService gw, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort()
        + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A scorer update of {@code version}, with the headers the test gives it (a signature, or none). */
  void publishPolicy(long version, Headers headers) throws Exception {
    try (KafkaProducer<String, PolicyUpdate> producer = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new StringSerializer(), topics.policyUpdates().valueSerde(serdeCfg).serializer())) {
      producer.send(new ProducerRecord<>(topics.policyUpdates().name(), null, "embedded", policy(version),
          headers)).get();
    }
  }

  static PolicyUpdate policy(long version) {
    return PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(version).setKind(LinearScorer.KIND)
        .setPayload(ByteBuffer.wrap("{\"weights\":{\"popularity\":1.0}}".getBytes(StandardCharsets.UTF_8)))
        .setCreatedMs(1_000).build();
  }
}
