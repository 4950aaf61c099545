package io.starec.trainer;

import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.policy.LinearScorer;
import io.starec.schemas.serde.SpecificAvroSerde;
import io.starec.trainer.export.ExportStore;
import io.starec.trainer.export.FileFormat;
import io.starec.trainer.export.TrainingExporter;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.learn.EmbeddedLearner;
import io.starec.trainer.learn.Learners;
import io.starec.trainer.sft.ScreeningStats;
import io.starec.trainer.sft.SftExport;
import io.starec.trainer.sft.SftScreen;
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
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Measures the trainer's processing rate without a broker: serialized reward records (8-rollout groups with the
 * embedded policy's features) through the poll loop with Avro decoding, grouping, the Parquet VeRL export, SFT
 * screening and the GRPO learner (an update every 16 groups). Not a test; run by hand:
 * {@code java -cp <test classpath> io.starec.trainer.TrainerThroughput [groups]}.
 */
public final class TrainerThroughput {

  public static void main(String[] args) throws Exception {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    boolean withSft = args.length < 2 || !args[1].equals("no-sft");
    Path dir = Files.createTempDirectory("trainer-throughput");
    SpecificAvroSerde<RewardRecord> serde = SpecificAvroSerde.forValue(RewardRecord.class,
        Map.of("schema.registry.url", "mock://throughput"));
    Serializer<RewardRecord> ser = serde.serializer();
    List<ConsumerRecord<byte[], byte[]>> input = new ArrayList<>();
    double[] w = LinearScorer.defaults().weights();
    long offset = 0;
    for (int g = 0; g < groups; g++) {
      for (RewardRecord r : Fixtures.embeddedGroup("g" + g, 8, w, g + 1)) {
        input.add(new ConsumerRecord<>("rewards", 0, offset++, r.getGroupId().getBytes(StandardCharsets.UTF_8),
            ser.serialize("rewards", r)));
      }
    }
    for (boolean learner : new boolean[] {false, true}) {
      Path out = dir.resolve(learner ? "with-learner" : "export-only");
      MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
      TopicPartition tp = new TopicPartition("rewards", 0);
      Counters counters = new Counters();
      try (ExportStore store = new ExportStore(out)) {
        ScreeningStats stats = new ScreeningStats();
        store.screening(stats::toMap);
        SftExport sft = !withSft ? null : new SftExport(store, new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS,
            Set.of(TaskKind.RANK)), stats, "starec_sft", 64L << 20, 60_000);
        TrainingExporter exporter = new TrainingExporter(store, FileFormat.PARQUET, 64L << 20, 60_000, "train", sft,
            counters);
        EmbeddedLearner l = learner ? Learners.create(new TrainerConfig(Map.of(
            TrainerConfig.LEARNER_CHECKPOINT, out.resolve("ckpt.json").toString())), counters, u -> { }) : null;
        TrainerService service = new TrainerService(consumer, serde.deserializer(),
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), "dlq", exporter,
            new GroupAssembler(60_000, 64, 100_000, Long.MAX_VALUE, 1e-6, 100_000), counters, l,
            java.time.Clock.systemUTC(), "rewards", Duration.ofMillis(1), 1_000,
            new RegistryOutage("throughput", RegistryOutage.backoff(500, 30_000)));
        service.subscribe();
        consumer.rebalance(List.of(tp));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        input.forEach(consumer::addRecord);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        while (counters.get(Counters.RECORDS) < input.size()) {
          service.pollOnce();
        }
        service.shutdown();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("%s: %d records (%d groups, %d exported, %d learner updates) in %.2f s wall = %.0f records/s;"
                + " %.2f s CPU of the poll thread = %.0f records per CPU-second%n",
            (withSft ? "export + SFT" : "export") + (learner ? " + learner" : ""), input.size(), groups,
            counters.get(Counters.GROUPS_EXPORTED), counters.get(Counters.LEARNER_UPDATES), s, input.size() / s, cpu,
            input.size() / cpu);
      }
    }
  }
}
