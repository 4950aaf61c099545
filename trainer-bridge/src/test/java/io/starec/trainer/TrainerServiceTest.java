package io.starec.trainer;

import io.starec.topics.DeadLetter;

import static io.starec.trainer.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyFeatures;
import io.starec.avro.RewardRecord;
import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.serde.SpecificAvroSerde;
import io.starec.trainer.export.ExportStore;
import io.starec.trainer.export.FileFormat;
import io.starec.trainer.export.Manifest;
import io.starec.trainer.export.TrainingExporter;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.group.GrpoGroup;
import io.starec.workerkit.consumer.RegistryOutage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poll loop driven step by step with Kafka's mock clients: what is committed, and when. */
class TrainerServiceTest {

  private static final String TOPIC = "rewards";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(1_000_000);
  private final Map<String, Object> serdeCfg = Map.of("schema.registry.url", "mock://trainer-service-test");
  private SpecificAvroSerde<RewardRecord> serde;
  private Serializer<RewardRecord> serializer;
  private MockConsumer<byte[], byte[]> consumer;
  private MockProducer<byte[], byte[]> producer;
  private ExportStore store;
  private TrainerService service;
  private Counters counters;
  private final List<GrpoGroup> learned = new ArrayList<>();
  private boolean learnerFails;
  private boolean registryDown;
  private long groupBytes = Long.MAX_VALUE;
  private long nextOffset;

  @BeforeEach
  void setUp() throws Exception {
    serde = SpecificAvroSerde.forValue(RewardRecord.class, serdeCfg);
    serializer = serde.serializer();
    start();
  }

  private void start() throws Exception {
    consumer = new MockConsumer<>("earliest");
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    store = new ExportStore(dir);
    counters = new Counters();
    counters.restore(store.manifest().counters);
    TrainingExporter exporter = new TrainingExporter(store, FileFormat.JSON, Long.MAX_VALUE, 10_000, "train", null,
        counters);
    GroupAssembler assembler = new GroupAssembler(60_000, 64, 1_000, groupBytes, 1e-6, 1_000);
    Deserializer<RewardRecord> decoder = serde.deserializer();
    // the registry as the deserializer sees it: while it is down, every decode fails the way the real client does
    Deserializer<RewardRecord> viaRegistry = (topic, data) -> {
      if (registryDown) {
        throw new RegistryException("get schema by id 1 (GET http://registry/schemas/ids/1)", 0, -1,
            "java.net.ConnectException: Connection refused");
      }
      return decoder.deserialize(topic, data);
    };
    service = new TrainerService(consumer, viaRegistry, producer, "dlq", exporter, assembler, counters,
        (g, now) -> {
          if (learnerFails) {
            throw new IllegalStateException("broker gone");
          }
          learned.add(g);
        }, clock, TOPIC, Duration.ofMillis(1), 0, new RegistryOutage("test", RegistryOutage.backoff(500, 4_000)));
    service.subscribe();
    consumer.rebalance(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  private void send(RewardRecord r) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, r.getGroupId().getBytes(StandardCharsets.UTF_8),
        serializer.serialize(TOPIC, r)));
  }

  private void sendBytes(byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, null, value));
  }

  private void sendAt(long offset, RewardRecord r) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, r.getGroupId().getBytes(StandardCharsets.UTF_8),
        serializer.serialize(TOPIC, r)));
  }

  private Long committed() {
    OffsetAndMetadata o = consumer.committed(Set.of(TP)).get(TP);
    return o == null ? null : o.offset();
  }

  @Test
  void offsetsAreCommittedOnlyBehindFinishedFiles() throws Exception {
    // Given a complete group of 2 (offsets 0, 1) and the start of another (offset 2)
    send(record("a", 2, 0, 1));
    send(record("a", 2, 1, 6));
    send(record("b", 2, 0, 1));
    // When they are polled but the file is not finished
    service.pollOnce();
    // Then nothing is committed although group a was written to the open file
    assertThat(committed()).isZero();
    assertThat(learned).extracting(g -> g.key().groupId()).containsExactly("a");
    // When the file rolls (age 10 s)
    clock.advance(10_000);
    service.pollOnce();
    // Then the commit covers group a but stops at b's pending record
    assertThat(committed()).isEqualTo(2L);
    assertThat(Manifest.readOrEmpty(dir).files).hasSize(1);
  }

  @Test
  void aCleanStopFinishesTheOpenFileAndCommitsBehindIt() throws Exception {
    // Given a complete group in the open file, long before the file is due to roll
    send(record("a", 2, 0, 1));
    send(record("a", 2, 1, 6));
    service.pollOnce();
    assertThat(Manifest.readOrEmpty(dir).files).isEmpty();
    long commitsBefore = counters.get(Counters.COMMITS);
    // When the trainer is stopped cleanly and its loop ends (it closes the consumer)
    service.close();
    service.run();
    // Then the file is finished and listed, and the offsets behind it are committed
    assertThat(service.failure()).isNull();
    Manifest manifest = Manifest.readOrEmpty(dir);
    assertThat(manifest.files).singleElement().satisfies(f -> assertThat(f.rows()).isEqualTo(1));
    assertThat(manifest.consumer.get(TP.toString()).watermark()).isEqualTo(2L);
    assertThat(counters.get(Counters.COMMITS)).isGreaterThan(commitsBefore);
  }

  @Test
  void droppedGroupsReleaseTheirOffsetsAtOnce() throws Exception {
    // Given a zero-variance group
    send(record("flat", 2, 0, 3));
    send(record("flat", 2, 1, 4));
    service.pollOnce();
    // Then it is counted, kept out of batches, and its offsets are committed without any file
    assertThat(counters.get(Counters.GROUPS_ZERO_VARIANCE)).isEqualTo(1);
    assertThat(committed()).isEqualTo(2L);
    assertThat(learned).isEmpty();
  }

  @Test
  void partialGroupsFlushAfterTheTimeoutAndSinglesAreDropped() throws Exception {
    send(record("p", 8, 0, 1));
    send(record("p", 8, 1, 9));
    send(record("s", 8, 0, 1));
    service.pollOnce();
    clock.advance(60_000);
    service.pollOnce();
    assertThat(counters.get(Counters.GROUPS_PARTIAL)).isEqualTo(2);
    assertThat(counters.get(Counters.GROUPS_TOO_SMALL)).isEqualTo(1);
    assertThat(counters.get(Counters.GROUPS_EXPORTED)).isEqualTo(1);
    assertThat(learned).singleElement().satisfies(g -> assertThat(g.partial()).isTrue());
  }

  @Test
  void unreadableRecordsGoToTheDlqAndProcessingContinues() throws Exception {
    // Given garbage between two halves of a group
    send(record("a", 2, 0, 1));
    sendBytes("not avro".getBytes(StandardCharsets.UTF_8));
    send(record("a", 2, 1, 9));
    service.pollOnce();
    // Then the bad record is dead-lettered with its origin, and the group still completes
    assertThat(producer.history()).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo("dlq");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
      assertThat(new String(r.headers().lastHeader(DeadLetter.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
          .isEqualTo("1");
    });
    assertThat(counters.get(Counters.RECORDS_DLQ)).isEqualTo(1);
    assertThat(learned).hasSize(1);
  }

  @Test
  void aRestartSkipsRecordsAlreadyExportedAboveTheCommit() throws Exception {
    // Given an open group at offset 0 and a complete group at 1, 2 written to a finished file
    send(record("open", 8, 0, 1));
    send(record("done", 2, 0, 1));
    send(record("done", 2, 1, 7));
    service.pollOnce();
    clock.advance(10_000);
    service.pollOnce();
    assertThat(committed()).isZero();
    service.shutdown();
    store.close();
    // When the trainer restarts and the records after the commit are delivered again
    Map<TopicPartition, OffsetAndMetadata> saved = consumer.committed(Set.of(TP));
    start();
    consumer.commitSync(saved);
    nextOffset = 0;
    send(record("open", 8, 0, 1));
    send(record("done", 2, 0, 1));
    send(record("done", 2, 1, 7));
    learned.clear();
    service.pollOnce();
    // Then the exported group is skipped, not exported twice
    assertThat(counters.get(Counters.RECORDS_SKIPPED_REPLAY)).isEqualTo(2);
    assertThat(learned).isEmpty();
    service.shutdown();
    List<String> rows = new ArrayList<>();
    for (Manifest.FileEntry f : Manifest.readOrEmpty(dir).files) {
      rows.addAll(Files.readAllLines(dir.resolve(f.path())));
    }
    assertThat(rows).hasSize(1);
  }

  @Test
  void aFailingLearnerDoesNotStopTheExports() throws Exception {
    learnerFails = true;
    send(record("a", 2, 0, 1));
    send(record("a", 2, 1, 6));
    service.pollOnce();
    clock.advance(10_000);
    service.pollOnce();
    assertThat(counters.get(Counters.LEARNER_ERRORS)).isEqualTo(1);
    assertThat(counters.get(Counters.GROUPS_EXPORTED)).isEqualTo(1);
    assertThat(committed()).isEqualTo(2L);
  }

  @Test
  void revokedPartitionsAreFinishedAndCommittedBeforeTheyGo() throws Exception {
    send(record("a", 2, 0, 1));
    send(record("a", 2, 1, 5));
    send(record("b", 2, 0, 1));
    service.pollOnce();
    assertThat(committed()).isZero();
    // When the partition is revoked in a rebalance
    consumer.rebalance(List.of());
    // Then the open file was finished and the durable part committed; b's record is left for the next owner
    assertThat(service.openGroups()).isZero();
    consumer.rebalance(List.of(TP)); // MockConsumer reports commits of assigned partitions only
    assertThat(committed()).isEqualTo(2L);
    assertThat(Manifest.readOrEmpty(dir).files).hasSize(1);
  }

  @Test
  void aRegistryOutageHoldsThePartitionInsteadOfDeadLetteringGoodRecords() throws Exception {
    // Given the first record of a group decoded, and the registry going down before the second
    send(record("a", 2, 0, 1));
    service.pollOnce();
    registryDown = true;
    send(record("a", 2, 1, 6));
    send(record("b", 2, 0, 1));

    // When they are polled
    service.pollOnce();

    // Then nothing is dead-lettered or committed past the record, the partition waits at it, health says why
    assertThat(producer.history()).isEmpty();
    assertThat(counters.get(Counters.RECORDS_DLQ)).isZero();
    assertThat(consumer.paused()).containsExactly(TP);
    assertThat(consumer.position(TP)).isEqualTo(1);
    assertThat(service.health(clock.millis(), 60_000).json()).contains("\"status\":\"DEGRADED\"")
        .contains("\"heldPartitions\":1").contains("registry unreachable");
    clock.advance(10_000);
    service.pollOnce();
    assertThat(committed()).isZero();

    // When the registry answers again and the broker delivers from the held record (MockConsumer forgets polled
    // records, so the test hands them over again)
    registryDown = false;
    sendAt(1, record("a", 2, 1, 6));
    sendAt(2, record("b", 2, 0, 1));
    service.pollOnce();
    clock.advance(10_000);
    service.pollOnce();

    // Then the group completes, is exported and committed, and health is back to UP
    assertThat(consumer.paused()).isEmpty();
    assertThat(learned).extracting(g -> g.key().groupId()).containsExactly("a");
    assertThat(committed()).isEqualTo(2L);
    assertThat(counters.get(Counters.RECORDS)).isEqualTo(3);
    assertThat(service.health(clock.millis(), 60_000).json()).contains("\"status\":\"UP\"")
        .contains("\"registry\":{\"status\":\"OK\"}");
    assertThat(service.registryRetries()).isPositive();
  }

  @Test
  void nonFiniteRewardsAndFeaturesAreDeadLetteredBeforeTheyReachAGroup() throws Exception {
    // Given a record with a NaN reward, one with an infinite policy feature, and a sound group
    send(RewardRecord.newBuilder(record("nan", 2, 0, 1)).setReward(Double.NaN).build());
    RewardRecord withFeatures = Fixtures.embeddedGroup("inf", 2, io.starec.core.policy.LinearScorer.defaults()
        .weights(), 3).get(0);
    PolicyFeatures pf = withFeatures.getPolicyFeatures();
    java.util.List<Double> values = new ArrayList<>(pf.getValues());
    values.set(4, Double.POSITIVE_INFINITY);
    send(RewardRecord.newBuilder(withFeatures).setPolicyFeatures(PolicyFeatures.newBuilder(pf).setValues(values)
        .build()).build());
    send(record("ok", 2, 0, 1));
    send(record("ok", 2, 1, 6));

    // When they are polled
    service.pollOnce();

    // Then both broken records are dead letters saying what is not finite, counted, and only the sound group is
    // grouped and learned from; every offset is released once the DLQ acknowledged
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history()).extracting(r -> DeadLetter.header(r.headers(), DeadLetter.ERROR_MESSAGE))
        .anySatisfy(m -> assertThat(m).contains("reward NaN is not a finite number"))
        .anySatisfy(m -> assertThat(m).contains("feature value Infinity at 4 is not a finite number"));
    assertThat(counters.get(Counters.RECORDS_NON_FINITE)).isEqualTo(2);
    assertThat(counters.get(Counters.RECORDS_DLQ)).isEqualTo(2);
    assertThat(learned).extracting(g -> g.key().groupId()).containsExactly("ok");
    clock.advance(10_000);
    service.pollOnce();
    assertThat(committed()).isEqualTo(4L);
  }

  @Test
  void openGroupsOverTheByteBudgetFlushTheOldestAndTheirOffsetsFollowTheFile() throws Exception {
    // Given a budget that holds about two records
    service.shutdown();
    store.close();
    int recordBytes = serializer.serialize(TOPIC, record("x", 8, 0, 1)).length;
    groupBytes = 2L * recordBytes + recordBytes / 2;
    start();

    // When three open groups of 8 get one record each (and a second for the oldest)
    send(record("old", 8, 0, 1));
    send(record("old", 8, 1, 9));
    send(record("mid", 8, 0, 1));
    service.pollOnce();

    // Then the oldest group is flushed as partial and counted, the newer stays open
    assertThat(counters.get(Counters.GROUPS_OVER_BYTE_BUDGET)).isEqualTo(1);
    assertThat(counters.get(Counters.GROUPS_PARTIAL)).isEqualTo(1);
    assertThat(learned).extracting(g -> g.key().groupId()).containsExactly("old");
    assertThat(service.openGroups()).isEqualTo(1);
    // and its offsets are committed once its file is finished, never the open group's
    clock.advance(10_000);
    service.pollOnce();
    assertThat(committed()).isEqualTo(2L);
  }
}
