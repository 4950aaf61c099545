package io.starec.loadtest.bench;

import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.config.StarecConfig;
import io.starec.localkafka.LocalKafka;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import io.starec.localkafka.EmbeddedKafkaBroker;
import io.starec.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ingest throughput of the stream app (not a test): N synthetic interactions are produced to a real broker first,
 * then the stream app (exactly-once, the full topology) starts, and the clock runs until every event is reflected
 * in the published item statistics (the sum of the items' interaction counts on the item-stats topic reaches N),
 * i.e. through memory, the repartition by item and the aggregate.
 *
 * <pre>
 * java -cp ... io.starec.loadtest.bench.IngestBenchmark [events=100000] [users=2000] [items=3000] [partitions=4]
 *     [bootstrap=host:port]   (default: an in-JVM broker)
 * </pre>
 * Prints one JSON line: events, seconds from start and from RUNNING, events/s of both.
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int events = Integer.parseInt(a.getOrDefault("events", "100000"));
    int users = Integer.parseInt(a.getOrDefault("users", "2000"));
    int items = Integer.parseInt(a.getOrDefault("items", "3000"));
    int partitions = Integer.parseInt(a.getOrDefault("partitions", "4"));
    EmbeddedKafkaBroker broker = a.containsKey("bootstrap") ? null : LocalKafka.start();
    String bootstrap = broker != null ? broker.bootstrapServers() : a.get("bootstrap");
    Path stateDir = Files.createTempDirectory("ingest-bench");
    try {
      System.out.println(run(bootstrap, events, users, items, partitions, stateDir));
    } finally {
      deleteDir(stateDir);
      if (broker != null) {
        broker.stop();
      }
    }
  }

  /** Runs once and returns the result as a JSON line. */
  public static String run(String bootstrap, int events, int users, int items, int partitions, Path stateDir)
      throws Exception {
    String run = "bench" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String registry = "mock://" + run;
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrap);
    c.put("schema.registry.url", registry);
    c.put("topic.prefix", run);
    c.put("topic.partitions", Integer.toString(partitions));
    c.put(StreamAppConfig.APPLICATION_ID, run + "-app");
    c.put(StreamAppConfig.STATE_DIR, stateDir.toString());
    c.put("http.port", "0");
    c.put("streams.auto.offset.reset", "earliest");
    StreamAppConfig config = new StreamAppConfig(c);
    Topics topics = StarecConfig.topics(config);
    Map<String, Object> serde = StarecConfig.serdeConfig(config);

    // Given N interactions already in the log (topics created by a first, idle start of the app)
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    Map<String, Object> createOnly = new HashMap<>(c);
    createOnly.put(StreamAppConfig.APPLICATION_ID, run + "-create");
    try (StreamApp creator = StreamApp.start(new StreamAppConfig(createOnly))) {
      creator.close(Duration.ofSeconds(10));
    }
    Random random = new Random(1);
    long produceStart = System.nanoTime();
    long now = System.currentTimeMillis();
    try (KafkaProducer<String, Item> catalogue = new KafkaProducer<>(p, topics.items().keySerde().serializer(),
        topics.items().valueSerde(serde).serializer());
        KafkaProducer<String, Interaction> producer = new KafkaProducer<>(p,
            topics.interactions().keySerde().serializer(), topics.interactions().valueSerde(serde).serializer())) {
      for (int i = 1; i <= items; i++) {
        catalogue.send(new ProducerRecord<>(topics.items().name(), "i" + i,
            Item.newBuilder().setItemId("i" + i).setTitle("Item " + i).setGenres(List.of("g" + i % 18)).build()));
      }
      for (int e = 0; e < events; e++) {
        String user = "u" + random.nextInt(users);
        // a skewed item popularity, like real catalogues
        int item = 1 + (int) Math.min(items - 1, Math.abs(random.nextGaussian()) * items / 4);
        long ts = now - events + e;
        producer.send(new ProducerRecord<>(topics.interactions().name(), null, ts, user, Interaction.newBuilder()
            .setEventId("e" + e).setUserId(user).setItemId("i" + item).setType(InteractionType.RATE)
            .setRating((double) (1 + random.nextInt(5))).setTimestampMs(ts).build()));
      }
      producer.flush();
    }
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

    // When the stream app starts on it
    long start = System.nanoTime();
    long running = -1;
    try (StreamApp app = StreamApp.start(config);
        ItemStatsWatcher stats = new ItemStatsWatcher(BenchSupport.kafka(bootstrap), serde, topics.itemStats())) {
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      while (stats.total() < events) {
        if (running < 0 && app.streams().state() == KafkaStreams.State.RUNNING) {
          running = System.nanoTime();
        }
        stats.poll(Duration.ofMillis(100));
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + stats.total() + " of " + events
              + " events reflected after 20 minutes");
        }
      }
      long end = System.nanoTime();
      // exactly-once check: nothing beyond N may show up afterwards
      long total = stats.settle(Duration.ofSeconds(3));
      double fromStart = (end - start) / 1e9;
      double fromRunning = (end - (running < 0 ? start : running)) / 1e9;
      return String.format(Locale.ROOT, "{\"benchmark\":\"ingest\",\"events\":%d,\"users\":%d,\"items\":%d,"
          + "\"partitions\":%d,\"guarantee\":\"%s\",\"produceSeconds\":%.2f,\"seconds\":%.2f,"
          + "\"secondsAfterRunning\":%.2f,\"eventsPerSecond\":%.0f,\"eventsPerSecondAfterRunning\":%.0f,"
          + "\"countedInItemStats\":%d}",
          events, users, items, partitions, config.getString(StreamAppConfig.PROCESSING_GUARANTEE), produceSeconds,
          fromStart, fromRunning, events / fromStart, events / fromRunning, total);
    }
  }

  private static void deleteDir(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
