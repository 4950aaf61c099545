package io.starec.loadtest.drill;

import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.loadtest.bench.BenchSupport;
import io.starec.loadtest.bench.ItemStatsWatcher;
import io.starec.loadtest.bench.SyntheticInteractions;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.topics.Topic;
import io.starec.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Poison records mixed into the input: the same clean events are ingested once as they are and once with a
 * fraction of poison records in between (four kinds: bytes that are not Avro, an unknown schema id, an
 * interaction without an item id, an interaction keyed by another user). The DLQ must hold exactly the poison
 * records, every clean event must be processed (the same item statistics as the clean run), and the throughput over
 * the clean events must stay within 10% of the clean run. Clean and poisoned runs alternate {@code rounds} times and
 * the best of each kind is compared, to damp a shared machine's noise.
 */
public final class PoisonDrill {

  /** Size; {@code poisonEvery} = 100 is 1%. */
  public record Settings(int events, int users, int items, int partitions, int poisonEvery, int rounds) {
    public static Settings ci() {
      return new Settings(5_000, 300, 500, 4, 100, 2);
    }

    public static Settings full() {
      return new Settings(200_000, 2_000, 3_000, 4, 100, 2);
    }
  }

  static final String[] KINDS = {"not-avro", "unknown-schema-id", "no-item-id", "key-not-user"};

  private PoisonDrill() {}

  /** One run's figures. */
  record Run(boolean poisoned, int poison, double seconds, double eventsPerSecond, long dlq,
      Map<String, Long> counts) {}

  public static DrillResult run(DrillEnv env, Settings s) throws Exception {
    DrillResult.Builder r = new DrillResult.Builder("poison");
    r.figure("cleanEvents", s.events()).figure("poisonShare", 1.0 / s.poisonEvery()).figure("rounds", s.rounds());
    List<Run> runs = new ArrayList<>();
    for (int round = 0; round < s.rounds(); round++) {
      for (boolean poisoned : new boolean[] {false, true}) {
        Run run = once(env, s, poisoned);
        runs.add(run);
        env.log().printf("  %s run: %.0f clean events/s (%.2f s), %d poison, %d in DLQ%n",
            poisoned ? "poisoned" : "clean", run.eventsPerSecond(), run.seconds(), run.poison(), run.dlq());
      }
    }
    Run clean = runs.stream().filter(x -> !x.poisoned()).max((a, b) -> Double.compare(a.eventsPerSecond(),
        b.eventsPerSecond())).orElseThrow();
    Run poisoned = runs.stream().filter(Run::poisoned).max((a, b) -> Double.compare(a.eventsPerSecond(),
        b.eventsPerSecond())).orElseThrow();
    List<Map<String, Object>> all = new ArrayList<>();
    for (Run x : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("poisoned", x.poisoned());
      m.put("seconds", Math.round(x.seconds() * 100) / 100.0);
      m.put("cleanEventsPerSecond", Math.round(x.eventsPerSecond()));
      m.put("poison", x.poison());
      m.put("dlq", x.dlq());
      all.add(m);
    }
    double ratio = poisoned.eventsPerSecond() / clean.eventsPerSecond();
    r.figure("runs", all).figure("bestCleanEventsPerSecond", Math.round(clean.eventsPerSecond()))
        .figure("bestPoisonedEventsPerSecond", Math.round(poisoned.eventsPerSecond()))
        .figure("throughputRatio", ratio);
    r.check("dlqCountEqualsPoisonCount", runs.stream().allMatch(x -> x.dlq() == x.poison()));
    r.check("everyCleanEventProcessed", runs.stream().allMatch(x -> x.counts().equals(runs.get(0).counts())));
    // a timing bound: binding at full size, advisory at CI size where a run lasts a second or two
    boolean within = ratio >= 0.9;
    if (s.events() >= 20_000) {
      r.check("throughputWithin10PercentOfClean", within);
    } else {
      r.advisory("throughputWithin10PercentOfClean", within);
      r.note("CI size: runs of ~1-2 s on a shared machine; the 10% bound is reported, not enforced");
    }
    return r.build();
  }

  private static Run once(DrillEnv env, Settings s, boolean poisoned) throws Exception {
    String prefix = BenchSupport.runId(poisoned ? "poison" : "clean");
    String registry = env.httpRegistry() ? env.registryUrl() : "mock://" + prefix;
    Topics topics = Topics.of(prefix, s.partitions());
    Properties kafka = BenchSupport.kafka(env.bootstrap());
    Map<String, Object> serde = BenchSupport.serde(registry);
    BenchSupport.ensureTopics(kafka, topics);
    int poison = 0;
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    // a plain, checked loader (see ReferenceBenchmark): no producer-id state to go wrong on a loaded broker
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    AtomicLong failed = new AtomicLong();
    Callback check = (md, ex) -> {
      if (ex != null) {
        failed.incrementAndGet();
      }
    };
    Topic<String, Interaction> interactions = topics.interactions();
    Serializer<Interaction> avro = interactions.valueSerde(serde).serializer();
    String input = interactions.name();
    SyntheticInteractions gen = new SyntheticInteractions(s.users(), s.items(),
        System.currentTimeMillis() - s.events());
    // bytes, so poison that is not Avro can go in between; clean events are encoded by the topic's serde
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, interactions.keySerde().serializer(),
        new ByteArraySerializer())) {
      try (KafkaProducer<String, Item> items = new KafkaProducer<>(p, topics.items().keySerde().serializer(),
          topics.items().valueSerde(serde).serializer())) {
        for (int i = 1; i <= s.items(); i++) {
          items.send(new ProducerRecord<>(topics.items().name(), "i" + i, SyntheticInteractions.item(i)), check);
        }
      }
      for (int e = 0; e < s.events(); e++) {
        Interaction event = gen.next(e);
        producer.send(new ProducerRecord<>(input, null, event.getTimestampMs(), event.getUserId(),
            avro.serialize(input, event)), check);
        if (poisoned && e % s.poisonEvery() == s.poisonEvery() / 2) {
          ProducerRecord<String, byte[]> bad = poison(input, poison, event, avro);
          producer.send(bad, check);
          poison++;
        }
      }
      producer.flush();
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " input records not written");
    }
    Path state = env.workDir().resolve(prefix);
    Map<String, Object> cfg = BenchSupport.streamApp(env.bootstrap(), registry, prefix, s.partitions(),
        prefix + "-app", state);
    try (StreamApp app = StreamApp.start(new StreamAppConfig(cfg));
        ItemStatsWatcher stats = new ItemStatsWatcher(kafka, serde, topics.itemStats())) {
      BenchSupport.awaitRunning(app, Duration.ofMinutes(2));
      long t0 = System.nanoTime();
      if (!stats.awaitTotal(s.events(), Duration.ofMinutes(10), null)) {
        throw new IllegalStateException("only " + stats.total() + " of " + s.events() + " events processed");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int expected = poison;
      long dlq = TopicReader.read(kafka, topics.dlq().name(), Duration.ofSeconds(expected == 0 ? 3 : 10),
          Duration.ofSeconds(60), got -> got.size() >= expected && expected > 0).size();
      if (expected > 0) {
        // anything beyond the poison would show up now
        dlq = TopicReader.read(kafka, topics.dlq().name(), Duration.ofSeconds(2), Duration.ofSeconds(30),
            got -> false).size();
      }
      stats.settle(Duration.ofSeconds(1));
      return new Run(poisoned, poison, seconds, s.events() / seconds, dlq, stats.counts());
    } finally {
      BenchSupport.deleteDir(state);
    }
  }

  /** Poison record number {@code k}, next to a clean event (its key, time). */
  static ProducerRecord<String, byte[]> poison(String topic, int k, Interaction near, Serializer<Interaction> avro) {
    String kind = KINDS[k % KINDS.length];
    byte[] value = switch (kind) {
      case "not-avro" -> ("{\"poison\":" + k + "}").getBytes(StandardCharsets.UTF_8);
      case "unknown-schema-id" -> ByteBuffer.allocate(9).put((byte) 0).putInt(999_999).putInt(k).array();
      case "no-item-id" -> avro.serialize(topic, Interaction.newBuilder(near).setEventId("poison-" + k)
          .setItemId("").build());
      default -> avro.serialize(topic, Interaction.newBuilder(near).setEventId("poison-" + k).build());
    };
    String key = "key-not-user".equals(kind) ? near.getUserId() + "-other" : near.getUserId();
    return new ProducerRecord<>(topic, null, near.getTimestampMs(), key, value);
  }
}
