package io.starec.streamapp.it;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.avro.RankingRequest;
import io.starec.avro.UserMemory;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.topology.StoreNames;
import io.starec.testkit.KafkaFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Shared plumbing of the stream app's broker tests: config, producers, readers, waiting for a quiet app. */
final class ItSupport {

  static final int PARTITIONS = 4;
  /** Event times start an hour ago on the hour: old enough to be past, recent enough for topic retention. */
  static final long T0 = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;

  private ItSupport() {}

  /** Config of one instance: unique names come from the caller; small commit interval, fast failure detection. */
  static Map<String, Object> config(String prefix, String applicationId, Path stateDir, String registryUrl) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    c.put("schema.registry.url", registryUrl);
    c.put("topic.prefix", prefix);
    c.put("topic.partitions", Integer.toString(PARTITIONS));
    c.put(StreamAppConfig.APPLICATION_ID, applicationId);
    c.put(StreamAppConfig.STATE_DIR, stateDir.toString());
    c.put("http.port", "0");
    c.put(StreamAppConfig.COMMIT_INTERVAL_MS, "100");
    c.put("streams.session.timeout.ms", "6000");
    c.put("streams.heartbeat.interval.ms", "1000");
    return c;
  }

  static StreamAppConfig appConfig(Map<String, Object> c) {
    return new StreamAppConfig(c);
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteDir(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KafkaProducer<String, SpecificRecord> producer(String registryUrl) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registryUrl), false);
    return new KafkaProducer<>(p, new StringSerializer(), values);
  }

  static KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(KafkaFixture.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  static void catalogue(KafkaProducer<String, SpecificRecord> producer, String topic, int n) {
    for (int i = 1; i <= n; i++) {
      String id = "i" + i;
      producer.send(new ProducerRecord<>(topic, id, Item.newBuilder().setItemId(id).setTitle("Movie " + i)
          .setYear(1980 + i).setGenres(List.of(i % 3 == 0 ? "Drama" : "Comedy")).build()));
    }
    producer.flush();
  }

  static Interaction rating(String eventId, String userId, String itemId, double rating, long ts) {
    return Interaction.newBuilder().setEventId(eventId).setUserId(userId).setItemId(itemId)
        .setType(InteractionType.RATE).setRating(rating).setTimestampMs(ts).build();
  }

  static RankingRequest request(String requestId, String userId, List<String> candidates, long ts) {
    return RankingRequest.newBuilder().setRequestId(requestId).setUserId(userId).setCandidateItemIds(candidates)
        .setTimestampMs(ts).build();
  }

  /** Reads everything a read_committed consumer finds within {@code wait} (stops early at {@code expected}). */
  static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(String topic, Class<T> type,
      String registryUrl, int expected, Duration wait) {
    return read(topic, type, registryUrl, expected, wait, wait);
  }

  /** Everything on a (non-empty) topic: reads until nothing new arrived for {@code quiet}. */
  static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type,
      String registryUrl, Duration quiet) {
    return read(topic, type, registryUrl, Integer.MAX_VALUE, Duration.ofSeconds(30), quiet);
  }

  private static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(String topic, Class<T> type,
      String registryUrl, int expected, Duration wait, Duration quiet) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>(type);
    values.configure(Map.of("schema.registry.url", registryUrl), false);
    List<ConsumerRecord<String, T>> out = new ArrayList<>();
    try (KafkaConsumer<String, T> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + wait.toNanos();
      long lastNew = System.nanoTime();
      while (System.nanoTime() < end && out.size() < expected
          && (out.isEmpty() || System.nanoTime() - lastNew < quiet.toNanos())) {
        int before = out.size();
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        if (out.size() > before) {
          lastNew = System.nanoTime();
        }
      }
    }
    return out;
  }

  static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int expected, Duration wait) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("raw-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long end = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < end && out.size() < expected) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** Every user's memory held by the app (all of its local partitions), sorted by user id. */
  static Map<String, UserMemory> memories(StreamApp app) {
    ReadOnlyKeyValueStore<String, UserMemory> store = app.streams().store(StoreQueryParameters
        .fromNameAndType(StoreNames.USER_MEMORY, QueryableStoreTypes.<String, UserMemory>keyValueStore()));
    Map<String, UserMemory> all = new TreeMap<>();
    try (KeyValueIterator<String, UserMemory> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, UserMemory> kv = it.next();
        all.put(kv.key, kv.value);
      }
    }
    return all;
  }

  static int inflightCount(StreamApp app) {
    ReadOnlyKeyValueStore<String, Object> store = app.streams().store(StoreQueryParameters
        .fromNameAndType(StoreNames.INFLIGHT, QueryableStoreTypes.<String, Object>keyValueStore()));
    int n = 0;
    try (KeyValueIterator<String, Object> it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  /** Avro binary of a record, without any registry header: equal bytes = byte-identical memory. */
  static byte[] avroBytes(UserMemory m) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(UserMemory.class).write(m, enc);
      enc.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the app has consumed every record of its inputs and has no task in flight, twice in a row:
   * nothing more will change in its memory until new input arrives.
   */
  static void awaitQuiet(StreamApp app, String applicationId, List<String> inputTopics, Duration timeout) {
    int stable = 0;
    long end = System.nanoTime() + timeout.toNanos();
    try (Admin admin = KafkaFixture.admin()) {
      while (System.nanoTime() < end) {
        boolean quiet;
        try {
          quiet = lag(admin, applicationId, inputTopics) == 0 && inflightCount(app) == 0;
        } catch (InvalidStateStoreException e) {
          quiet = false;
        }
        stable = quiet ? stable + 1 : 0;
        if (stable >= 2) {
          return;
        }
        sleep(200);
      }
    }
    throw new AssertionError("app " + applicationId + " not quiet within " + timeout);
  }

  static long lag(Admin admin, String group, List<String> topics) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String t : topics) {
        for (int p = 0; p < PARTITIONS; p++) {
          latest.put(new TopicPartition(t, p), OffsetSpec.latest());
        }
      }
      long lag = 0;
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
          : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (InvalidStateStoreException e) {
        // rebalancing: try again
      }
      sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Set<String> duplicates(List<String> ids) {
    Set<String> seen = new HashSet<>();
    Set<String> dup = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        dup.add(id);
      }
    }
    return dup;
  }
}
