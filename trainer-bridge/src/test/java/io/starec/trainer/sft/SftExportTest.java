package io.starec.trainer.sft;

import static io.starec.trainer.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.trainer.TrainerConfig;
import io.starec.trainer.export.ExportStore;
import io.starec.workerkit.consumer.DurabilityAck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftExportTest {

  @TempDir
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesALlamaFactoryDatasetWithRejectedIdsAndStatistics() throws Exception {
    ScreeningStats stats = new ScreeningStats();
    try (ExportStore store = new ExportStore(dir)) {
      store.screening(stats::toMap);
      SftScreen screen = new SftScreen(0.5, 20, TrainerConfig.DEFAULT_KEYWORDS, Set.of(TaskKind.RANK));
      SftExport sft = new SftExport(store, screen, stats, "starec_sft", Long.MAX_VALUE, Long.MAX_VALUE);
      // Given a good sample and two bad ones
      DurabilityAck ack = new DurabilityAck(() -> { });
      sft.accept(record("g", 8, 0, 1), ack, 0);
      sft.accept(record("g", 8, 1, 15), ack, 0);
      RewardRecord empty = RewardRecord.newBuilder(record("g", 8, 2, 1)).setCompletion("").build();
      sft.accept(empty, ack, 0);
      ack.seal();
      // When the files are finished
      store.rollAll(1);
    }
    // Then dataset_info.json registers the folder as a sharegpt dataset
    JsonNode info = JSON.readTree(dir.resolve("sft/dataset_info.json").toFile()).get("starec_sft");
    assertThat(info.get("file_name").asText()).isEqualTo("starec_sft");
    assertThat(info.get("formatting").asText()).isEqualTo("sharegpt");
    assertThat(info.at("/columns/messages").asText()).isEqualTo("conversations");
    assertThat(info.at("/tags/assistant_tag").asText()).isEqualTo("gpt");
    // and the accepted sample is a human/gpt conversation with the system prompt apart
    List<String> accepted = Files.readAllLines(dir.resolve("sft/starec_sft/sft-000001.jsonl"));
    assertThat(accepted).hasSize(1);
    JsonNode sample = JSON.readTree(accepted.get(0));
    assertThat(sample.get("system").asText()).startsWith("You are a movie recommendation system");
    assertThat(sample.get("conversations")).extracting(t -> t.get("from").asText()).containsExactly("human", "gpt");
    assertThat(sample.at("/conversations/1/value").asText()).startsWith("<think>");
    assertThat(sample.get("id").asText()).isEqualTo("g-0-RANK");
    // and the rejected ids carry their reasons for regeneration
    List<JsonNode> rejected = Files.readAllLines(dir.resolve("sft/rejected/rejected-000001.jsonl")).stream()
        .map(SftExportTest::read).toList();
    assertThat(rejected).extracting(r -> r.get("record_id").asText()).containsExactly("g-1-RANK", "g-2-RANK");
    assertThat(rejected.get(0).get("reasons")).extracting(JsonNode::asText).containsExactly("low_ndcg");
    assertThat(rejected.get(1).get("reasons")).extracting(JsonNode::asText).contains("empty_completion");
    assertThat(rejected.get(1).get("positive").asText()).isEqualTo("i1");
    // and the statistics count each reason
    JsonNode s = JSON.readTree(dir.resolve("sft/screening_stats.json").toFile());
    assertThat(s.get("screened").asLong()).isEqualTo(3);
    assertThat(s.get("accepted").asLong()).isEqualTo(1);
    assertThat(s.at("/rejected_by_reason/low_ndcg").asLong()).isEqualTo(2);
    assertThat(s.at("/rejected_by_reason/empty_completion").asLong()).isEqualTo(1);
    assertThat(JSON.readTree(dir.resolve("manifest.json").toFile()).at("/screening/rejected").asLong()).isEqualTo(2);
  }

  @Test
  void datasetInfoKeepsOtherEntries() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("dataset_info.json"), "{\"other\": {\"file_name\": \"x.json\"}}");
    SftExport.writeDatasetInfo(dir, "starec_sft");
    JsonNode info = JSON.readTree(dir.resolve("dataset_info.json").toFile());
    assertThat(info.fieldNames()).toIterable().containsExactly("other", "starec_sft");
  }

  private static JsonNode read(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
