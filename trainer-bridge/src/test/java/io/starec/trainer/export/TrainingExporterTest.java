package io.starec.trainer.export;

import static io.starec.trainer.Fixtures.TP0;
import static io.starec.trainer.Fixtures.member;
import static io.starec.trainer.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jerolba.carpet.CarpetReader;
import io.starec.trainer.Counters;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.group.GrpoGroup;
import io.starec.workerkit.consumer.DurabilityAck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingExporterTest {

  @TempDir
  Path dir;

  private final Counters counters = new Counters();

  /** How VeRL (pyarrow) sees the columns: snake_case names, nested structs and lists. */
  record VerlColumns(String data_source, List<Msg> prompt, String ability, RewardModelColumns reward_model,
                     ExtraColumns extra_info, List<String> completions, List<Double> rewards,
                     List<Double> advantages) {}

  record Msg(String role, String content) {}

  record RewardModelColumns(String style, String ground_truth) {}

  record ExtraColumns(long index, String split, String user_id, String group_id, String task, String request_id,
                      String model_version, int group_size, boolean partial, List<Integer> rollouts,
                      List<String> record_ids, List<Integer> positive_ranks, List<Double> ndcg_at_10,
                      long timestamp_ms) {}

  private GrpoGroup group(String id, int... ranks) {
    GroupAssembler a = new GroupAssembler(1_000, 64, 100, Long.MAX_VALUE, 1e-6, 10);
    GrpoGroup g = null;
    for (int r = 0; r < ranks.length; r++) {
      g = a.add(member(record(id, ranks.length, r, ranks[r]), TP0, r), 0).completed();
    }
    return g;
  }

  private TrainingExporter exporter(ExportStore store, FileFormat format, long rollBytes, long rollMs)
      throws IOException {
    return new TrainingExporter(store, format, rollBytes, rollMs, "train", null, counters);
  }

  @Test
  void parquetRowsReadBackWithVerlsColumnNames() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.PARQUET, Long.MAX_VALUE, Long.MAX_VALUE);
      // Given two trainable groups
      GrpoGroup g1 = group("g1", 1, 3, 12, 0);
      exporter.accept(g1, new DurabilityAck(() -> { }), 10);
      exporter.accept(group("g2", 2, 8), new DurabilityAck(() -> { }), 11);
      // When the file is finished
      List<RollingExport.Finished> files = exporter.rollAll(20);
      // Then the Parquet file holds one row per group with VeRL's schema
      assertThat(files).singleElement().satisfies(f -> assertThat(f.relativePath()).isEqualTo(
          "verl/verl-000001.parquet"));
      Path file = dir.resolve("verl/verl-000001.parquet");
      List<VerlColumns> rows = new CarpetReader<>(file.toFile(), VerlColumns.class).toList();
      assertThat(rows).hasSize(2);
      VerlColumns r = rows.get(0);
      assertThat(r.data_source()).isEqualTo("starec/synthetic/rank");
      assertThat(r.ability()).isEqualTo("recommendation");
      assertThat(r.prompt()).extracting(Msg::role).containsExactly("system", "user");
      assertThat(r.reward_model().style()).isEqualTo("rule");
      assertThat(r.reward_model().ground_truth()).contains("\"positive\": \"i1\"");
      assertThat(r.extra_info().index()).isZero();
      assertThat(rows.get(1).extra_info().index()).isEqualTo(1);
      assertThat(r.extra_info().group_id()).isEqualTo("g1");
      assertThat(r.extra_info().user_id()).isEqualTo("u-g1");
      assertThat(r.extra_info().rollouts()).containsExactly(0, 1, 2, 3);
      assertThat(r.extra_info().positive_ranks()).containsExactly(1, 3, 12, 0);
      assertThat(r.rewards()).containsExactly(1.0, 0.5, -0.5, -1.0);
      assertThat(r.advantages()).containsExactly(g1.advantages()[0], g1.advantages()[1], g1.advantages()[2],
          g1.advantages()[3]);
      assertThat(r.completions()).hasSize(4);
      // and the typed record reads back equal to what was written
      VerlRow typed = new CarpetReader<>(file.toFile(), VerlRow.class).toList().get(0);
      assertThat(typed).isEqualTo(VerlRows.of(g1, 0, "train"));
      // and prompt is a standard 3-level list of structs (what pyarrow / HF datasets expect)
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        assertThat(schema.getType("prompt").asGroupType().getType("list").asGroupType().getType("element")
            .asGroupType().getFieldName(0)).isEqualTo("role");
      }
    }
  }

  /** The codec of every column chunk, from the file's footer. */
  private static Set<CompressionCodecName> codecs(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      Set<CompressionCodecName> codecs = new HashSet<>();
      reader.getFooter().getBlocks().forEach(b -> b.getColumns().forEach(c -> codecs.add(c.getCodec())));
      return codecs;
    }
  }

  @Test
  void parquetFilesAreSnappyUnlessAnotherCodecIsConfigured() throws Exception {
    // Given a store with the default codec and one configured for zstd
    Path zstdDir = dir.resolve("zstd");
    try (ExportStore plain = new ExportStore(dir.resolve("default"));
         ExportStore zstd = new ExportStore(zstdDir, CompressionCodecName.ZSTD)) {
      // When each writes a group to a finished Parquet file
      for (ExportStore store : List.of(plain, zstd)) {
        TrainingExporter exporter = exporter(store, FileFormat.PARQUET, Long.MAX_VALUE, Long.MAX_VALUE);
        exporter.accept(group("g1", 1, 7), new DurabilityAck(() -> { }), 0);
        exporter.rollAll(1);
      }
    }
    // Then the footers name snappy (what every Parquet reader decodes) and zstd
    assertThat(codecs(dir.resolve("default/verl/verl-000001.parquet"))).containsExactly(CompressionCodecName.SNAPPY);
    assertThat(codecs(zstdDir.resolve("verl/verl-000001.parquet"))).containsExactly(CompressionCodecName.ZSTD);
  }

  @Test
  void jsonExportIsJsonLinesInADotJsonFile() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.JSON, Long.MAX_VALUE, Long.MAX_VALUE);
      exporter.accept(group("g1", 1, 7), new DurabilityAck(() -> { }), 0);
      exporter.rollAll(1);
    }
    List<String> lines = Files.readAllLines(dir.resolve("verl/verl-000001.json"));
    assertThat(lines).hasSize(1);
    JsonNode row = new ObjectMapper().readTree(lines.get(0));
    assertThat(row.fieldNames()).toIterable().containsExactly("data_source", "prompt", "ability", "reward_model",
        "extra_info", "completions", "rewards", "advantages");
    assertThat(row.at("/reward_model/style").asText()).isEqualTo("rule");
    assertThat(row.at("/extra_info/index").asLong()).isZero();
    assertThat(row.at("/prompt/1/role").asText()).isEqualTo("user");
  }

  @Test
  void acksAreReleasedOnlyWhenTheFileIsFinishedAndListed() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.PARQUET, Long.MAX_VALUE, 1_000);
      List<String> released = new ArrayList<>();
      DurabilityAck ack = new DurabilityAck(() -> {
        // Then at release time the manifest file may not list it yet, but the data file is in place
        assertThat(dir.resolve("verl/verl-000001.parquet")).exists();
        released.add("g1");
      });
      // Given a group written to an open file
      exporter.accept(group("g1", 1, 5), ack, 0);
      ack.seal();
      // When the roll time has not come
      assertThat(exporter.maybeRoll(999)).isEmpty();
      // Then the records are not durable yet: nothing is visible, nothing released
      assertThat(released).isEmpty();
      assertThat(Files.list(dir.resolve("verl")).toList()).isEmpty();
      // When the file is old enough it is finished, released and listed in the manifest
      assertThat(exporter.maybeRoll(1_000)).hasSize(1);
      assertThat(released).containsExactly("g1");
      Manifest m = Manifest.readOrEmpty(dir);
      assertThat(m.files).singleElement().satisfies(f -> {
        assertThat(f.path()).isEqualTo("verl/verl-000001.parquet");
        assertThat(f.rows()).isEqualTo(1);
        assertThat(f.kind()).isEqualTo("verl");
      });
      assertThat(m.nextIndex).isEqualTo(1);
    }
  }

  @Test
  void filesRollBySize() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.JSON, 1, Long.MAX_VALUE);
      for (int i = 0; i < 3; i++) {
        exporter.accept(group("g" + i, 1, 9), new DurabilityAck(() -> { }), i);
        exporter.maybeRoll(i);
      }
      assertThat(Manifest.readOrEmpty(dir).files(TrainingExporter.VERL)).extracting(Manifest.FileEntry::path)
          .containsExactly("verl/verl-000001.json", "verl/verl-000002.json", "verl/verl-000003.json");
    }
  }

  @Test
  void droppedGroupsAreCountedAndNotExported() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.JSON, Long.MAX_VALUE, Long.MAX_VALUE);
      int[] fired = {0};
      DurabilityAck ack = new DurabilityAck(() -> fired[0]++);
      exporter.accept(group("flat", 3, 3), ack, 0);
      ack.seal();
      // Then the zero-variance group is counted and its records are released at once
      assertThat(fired[0]).isEqualTo(1);
      assertThat(counters.get(Counters.GROUPS_ZERO_VARIANCE)).isEqualTo(1);
      assertThat(counters.get(Counters.GROUPS_EXPORTED)).isZero();
      assertThat(exporter.rollAll(1)).isEmpty();
    }
  }

  @Test
  void restartDeletesTempFilesAndOrphansAndKeepsNumbering() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.JSON, Long.MAX_VALUE, Long.MAX_VALUE);
      exporter.accept(group("g1", 1, 9), new DurabilityAck(() -> { }), 0);
      exporter.rollAll(1);
      exporter.accept(group("g2", 1, 9), new DurabilityAck(() -> { }), 2); // left open: a crash
    }
    // a finished file that never made it into the manifest (crash between rename and manifest write)
    Files.writeString(dir.resolve("verl/verl-000002.json"), "{}\n");
    try (ExportStore store = new ExportStore(dir)) {
      TrainingExporter exporter = exporter(store, FileFormat.JSON, Long.MAX_VALUE, Long.MAX_VALUE);
      try (Stream<Path> temps = Files.list(dir.resolve(ExportStore.TEMP_FOLDER))) {
        assertThat(temps).isEmpty();
      }
      assertThat(dir.resolve("verl/verl-000002.json")).doesNotExist();
      assertThat(dir.resolve("verl/verl-000001.json")).exists();
      exporter.accept(group("g3", 1, 9), new DurabilityAck(() -> { }), 3);
      exporter.rollAll(4);
      Manifest m = Manifest.readOrEmpty(dir);
      assertThat(m.files).extracting(Manifest.FileEntry::path)
          .containsExactly("verl/verl-000001.json", "verl/verl-000002.json");
      assertThat(m.nextIndex).isEqualTo(2); // the lost open row never became durable, so its index is reused
    }
  }

  @Test
  void oneTrainerPerExportFolder() throws Exception {
    try (ExportStore store = new ExportStore(dir)) {
      assertThatThrownBy(() -> new ExportStore(dir)).isInstanceOf(IOException.class).hasMessageContaining("in use");
    }
  }

  @Test
  void groundTruthAcceptsObjectAndPlainIdCandidates() {
    assertThat(ParsedGroundTruth.parse("{\"positive\": \"7\", \"candidates\": [{\"itemId\": \"7\", \"title\": \"T\"}]}"))
        .hasValueSatisfying(g -> assertThat(g.candidates()).containsExactly(new ParsedGroundTruth.Candidate("7", "T")));
    assertThat(ParsedGroundTruth.parse("{\"positive\": \"7\", \"candidates\": [\"7\", 8]}"))
        .hasValueSatisfying(g -> assertThat(g.candidateIds()).containsExactly("7", "8"));
    assertThat(ParsedGroundTruth.parse("{not json")).isEmpty();
    assertThat(ParsedGroundTruth.parse("{\"candidates\": []}")).isEmpty();
  }
}
