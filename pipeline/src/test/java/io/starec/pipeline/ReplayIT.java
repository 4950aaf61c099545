package io.starec.pipeline;

import io.starec.replay.EventIds;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.EventSource;
import io.starec.avro.HistoryEntry;
import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.UserMemory;
import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.topology.StoreNames;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topic;
import io.starec.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay against a real broker: order, keys, stable ids, and idempotent re-runs through the stream app. */
class ReplayIT {

  private static final int USERS = 6;
  private static final int ITEMS = 40;
  private static final int PER_USER = 12;

  @TempDir
  static Path dataDir;
  static Dataset dataset;

  @BeforeAll
  static void writeDataset() {
    SyntheticMovieLens.write(dataDir, 7, USERS, ITEMS, PER_USER);
    dataset = Datasets.load("ml-1m", dataDir);
  }

  private static Properties kafka() {
    Properties p = new Properties();
    p.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    return p;
  }

  /** A fresh registry scope (mock:// unless SCHEMA_REGISTRY_URL is set); share the map within a test. */
  private static Map<String, Object> serdes() {
    return Map.of("schema.registry.url", KafkaFixture.registryUrl());
  }

  @Test
  void publishesCatalogueAndInteractionsInTimestampOrderWithStableIds() throws Exception {
    // Given single-partition topics (so the consumed order is the produced order)
    Topics topics = Topics.of(KafkaFixture.uniqueId("replay-order"), 1);
    PipelineTopics.ensure(kafka(), topics);
    Map<String, Object> serdes = serdes();
    ReplayLog log = ReplayLog.fromDataset(dataset, ReplayLog.Selection.all());

    // When the dataset is replayed twice
    Replayer replayer = new Replayer(kafka(), serdes, topics);
    ReplayResult first = replayer.run(log, ReplayOptions.defaults(), ReplayListener.NONE);
    replayer.run(log, ReplayOptions.defaults().withPublishCatalogue(false), ReplayListener.NONE);

    // Then every interaction went out once per run, keyed by user, in timestamp order, source REPLAY
    assertThat(first.interactions()).isEqualTo(USERS * PER_USER);
    List<ConsumerRecord<String, Interaction>> records = readAll(topics.interactions(), serdes, 2 * USERS * PER_USER);
    List<ConsumerRecord<String, Interaction>> run1 = records.subList(0, USERS * PER_USER);
    List<ConsumerRecord<String, Interaction>> run2 = records.subList(USERS * PER_USER, records.size());
    long previous = Long.MIN_VALUE;
    for (ConsumerRecord<String, Interaction> r : run1) {
      Interaction i = r.value();
      assertThat(r.key()).isEqualTo(i.getUserId());
      assertThat(i.getTimestampMs()).isGreaterThanOrEqualTo(previous);
      assertThat(i.getSource()).isEqualTo(EventSource.REPLAY);
      assertThat(i.getEventId()).isEqualTo(EventIds.eventId("ml-1m", i.getUserId(), i.getItemId(),
          i.getTimestampMs()));
      previous = i.getTimestampMs();
    }
    // and the second run carries exactly the same event ids in the same order
    assertThat(run2.stream().map(r -> r.value().getEventId()).toList())
        .isEqualTo(run1.stream().map(r -> r.value().getEventId()).toList());
    assertThat(new HashSet<>(run1.stream().map(r -> r.value().getEventId()).toList())).hasSize(USERS * PER_USER);
    // and the catalogue is keyed by item id
    List<ConsumerRecord<String, Item>> items = readAll(topics.items(), serdes, ITEMS);
    assertThat(items).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getItemId()));
  }

  @Test
  void simulatedRankingRequestsNameTheDatasetAsTheirDataSource() throws Exception {
    // Given one user's events with simulated rankings and nobody answering them (200 ms timeout each)
    Topics topics = Topics.of(KafkaFixture.uniqueId("replay-source"), 1);
    PipelineTopics.ensure(kafka(), topics);
    Map<String, Object> serdes = serdes();
    ReplayLog log = ReplayLog.fromDataset(dataset, new ReplayLog.Selection(1, null, null)).simulateAll();

    // When it is replayed
    new Replayer(kafka(), serdes, topics).run(log, ReplayOptions.defaults()
        .withResponseTimeout(Duration.ofMillis(200)), ReplayListener.NONE);

    // Then every ranking request says which dataset it comes from, so its rewards are starec/ml-1m/rank
    assertThat(readAll(topics.rankingRequests(), serdes, PER_USER))
        .allSatisfy(r -> assertThat(r.value().getDataSource()).isEqualTo("ml-1m"));
  }

  @Test
  void reRunDoesNotDuplicateMemory() throws Exception {
    // Given the stream app running on fresh topics
    Topics topics = Topics.withPrefix(KafkaFixture.uniqueId("replay-idem"));
    Map<String, Object> serdes = serdes();
    try (StreamApp app = StreamApp.start(new StreamAppConfig(Map.of("bootstrap.servers",
        KafkaFixture.bootstrapServers(), "schema.registry.url", serdes.get("schema.registry.url"), "topic.prefix",
        topics.prefix(), "application.id", topics.prefix() + "-app", "http.port", 0, "state.dir",
        dataDir.resolve("state-" + topics.prefix()).toString())))) {
      await(() -> app.streams().state() == KafkaStreams.State.RUNNING, Duration.ofSeconds(60));
      ReplayLog log = ReplayLog.fromDataset(dataset, ReplayLog.Selection.all());
      Replayer replayer = new Replayer(kafka(), serdes, topics);

      // When the same log is replayed twice
      replayer.run(log, ReplayOptions.defaults(), ReplayListener.NONE);
      replayer.run(log, ReplayOptions.defaults(), ReplayListener.NONE);

      // Then the stream app applied each event once and ignored the repeats
      int n = USERS * PER_USER;
      await(() -> app.metrics().count("starec.stream.interactions", "outcome", "duplicate") >= n,
          Duration.ofSeconds(60));
      assertThat(app.metrics().count("starec.stream.interactions", "outcome", "applied")).isEqualTo(n);
      // and every user's history holds each of their ratings exactly once, oldest first
      for (int u = 1; u <= USERS; u++) {
        UserMemory memory = app.streams().store(StoreQueryParameters.fromNameAndType(StoreNames.USER_MEMORY,
            QueryableStoreTypes.<String, UserMemory>keyValueStore())).get("" + u);
        assertThat(memory).isNotNull();
        List<String> ids = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (HistoryEntry h : memory.getHistory()) {
          ids.add(h.getEventId());
          assertThat(h.getTimestampMs()).isGreaterThanOrEqualTo(last);
          last = h.getTimestampMs();
        }
        assertThat(ids).hasSize(PER_USER).doesNotHaveDuplicates();
      }
    }
  }

  static <V> List<ConsumerRecord<String, V>> readAll(Topic<String, V> topic, Map<String, ?> serdes, int expected) {
    Properties p = kafka();
    p.put("isolation.level", "read_committed");
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        topic.valueSerde(serdes).deserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    assertThat(out).hasSize(expected);
    return out;
  }

  static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }
}
