package io.starec.gateway.service;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.config.StarecConfig;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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

}
