package io.starec.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The build gate: every project schema must read all its released versions (BACKWARD). Released versions live
 * in src/main/avro-history/<Name>/v<N>.avsc; on a release, snapshot the current tree as the next version.
 */
class SchemaEvolutionTest {
  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path HISTORY = Path.of("src/main/avro-history");

  @Test
  void everyCurrentSchemaReadsEveryReleasedVersion() {
    List<SchemaEvolutionCheck.Violation> violations = SchemaEvolutionCheck.checkDirectories(CURRENT, HISTORY);
    assertThat(violations).as(SchemaEvolutionCheck.report(violations)).isEmpty();
  }

  @Test
  void theTopicRecordsHaveAReleasedBaseline() {
    Map<String, Map<String, Schema>> history = SchemaEvolutionCheck.loadHistory(HISTORY);
    assertThat(history).containsKeys("Item", "UserProfile", "Interaction", "RankingRequest", "RankingResponse",
        "InferenceTask", "InferenceResult", "RewardRecord", "PolicyUpdate");
    history.forEach((name, versions) -> assertThat(versions).as(name).containsKey("v1"));
  }
}
