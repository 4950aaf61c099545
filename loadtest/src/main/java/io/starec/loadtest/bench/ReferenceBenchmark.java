package io.starec.loadtest.bench;

import io.starec.avro.Interaction;
import io.starec.schemas.serde.SpecificAvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The reference our ingest is measured against: bare Kafka Streams, the same interactions (bytes, not decoded)
 * written to one cached RocksDB store keyed by user and passed through to an output topic. Same partitions, same
 * processing guarantee, same record count, same broker, and the same clock: from start until the last record is
 * visible to a read_committed consumer of the output.
 */
public final class ReferenceBenchmark {

  static final String STORE = "reference-store";

  private ReferenceBenchmark() {}

  /** The passthrough topology. */
  public static Topology topology(String input, String output) {
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
        Serdes.ByteArray()).withCachingEnabled());
    b.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .process(Passthrough::new, STORE)
        .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return b.build();
  }

  private static final class Passthrough implements Processor<String, byte[], String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      store.put(record.key(), record.value());
      context.forward(record);
    }
  }

  /** What one run measured. */
  public record Result(int events, int partitions, String guarantee, double produceSeconds, double seconds,
      double secondsAfterRunning, long outputRecords) {
    public double eventsPerSecond() {
      return events / seconds;
    }

    public double eventsPerSecondAfterRunning() {
      return events / secondsAfterRunning;
    }
  }

  /**
   * Produces the {@link SyntheticInteractions} events (Avro, as our ingest reads them), then runs the passthrough
   * until every event is in the output.
   */
  public static Result run(String bootstrap, int events, int users, int items, int partitions, String guarantee,
      Path stateDir) throws Exception {
    String run = "ref" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String input = run + ".interactions";
    String output = run + ".passthrough";
    Properties kafka = new Properties();
    kafka.put("bootstrap.servers", bootstrap);
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(input, Optional.of(partitions), Optional.empty()),
          new NewTopic(output, Optional.of(partitions), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
    }
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    // a plain loader: on a loaded in-JVM broker the idempotent producer was seen to restart a partition's sequence
    // at 0 and retry OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout, losing the batch; one request in
    // flight keeps the order without producer ids, and every send is checked
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    SpecificAvroSerializer<Interaction> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", "mock://" + run), false);
    long produceStart = System.nanoTime();
    SyntheticInteractions gen = new SyntheticInteractions(users, items, System.currentTimeMillis() - events);
    try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(p, new StringSerializer(), values)) {
      AtomicLong failed = new AtomicLong();
      for (int e = 0; e < events; e++) {
        Interaction i = gen.next(e);
        producer.send(new ProducerRecord<>(input, null, i.getTimestampMs(), i.getUserId(), i), (md, ex) -> {
          if (ex != null) {
            failed.incrementAndGet();
          }
        });
      }
      producer.flush();
      if (failed.get() > 0) {
        throw new IllegalStateException(failed.get() + " of " + events + " reference events not written");
      }
    }
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;

    Properties s = new Properties();
    s.putAll(kafka);
    s.put(StreamsConfig.APPLICATION_ID_CONFIG, run + "-app");
    s.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    s.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    s.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    s.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    s.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");

    Properties c = new Properties();
    c.putAll(kafka);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-reader-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long start = System.nanoTime();
    long running = -1;
    try (KafkaStreams streams = new KafkaStreams(topology(input, output), s);
        KafkaConsumer<byte[], byte[]> out = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      out.subscribe(List.of(output));
      streams.start();
      long seen = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
      while (seen < events) {
        if (running < 0 && streams.state() == KafkaStreams.State.RUNNING) {
          running = System.nanoTime();
        }
        seen += out.poll(Duration.ofMillis(100)).count();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reference: only " + seen + " of " + events + " after 20 minutes");
        }
      }
      long end = System.nanoTime();
      streams.close(Duration.ofSeconds(30));
      return new Result(events, partitions, guarantee, produceSeconds, (end - start) / 1e9,
          (end - (running < 0 ? start : running)) / 1e9, seen);
    }
  }
}
