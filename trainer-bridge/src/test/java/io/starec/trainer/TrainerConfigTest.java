package io.starec.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.config.StarecConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  @Test
  void defaultsFollowThePaperAndBindLocally() {
    TrainerConfig c = new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null, Map.of(), Map.of()));
    assertThat(c.getLong(TrainerConfig.GROUP_TIMEOUT_MS)).isEqualTo(60_000L);
    assertThat(c.getDouble(TrainerConfig.ADVANTAGE_EPSILON)).isEqualTo(1e-6);
    assertThat(c.getDouble(TrainerConfig.LEARNER_CLIP_EPSILON)).isEqualTo(0.2);
    assertThat(c.getDouble(TrainerConfig.LEARNER_KL_BETA)).isEqualTo(1e-3);
    assertThat(c.getString(TrainerConfig.EXPORT_FORMAT)).isEqualTo("parquet");
    assertThat(c.getBoolean(TrainerConfig.LEARNER_ENABLED)).isFalse();
    assertThat(c.getString(StarecConfig.HTTP_BIND_ADDRESS)).isEqualTo("127.0.0.1");
  }

  @Test
  void theLearnerCheckpointLivesInTheExportFolderUnlessConfigured() {
    // Given only an export folder
    TrainerConfig c = new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null, Map.of(),
        Map.of(TrainerConfig.EXPORT_DIR, "/exports/run-7")));
    // Then the checkpoint is in it, not in the working directory
    assertThat(c.learnerCheckpoint()).isEqualTo(Path.of("/exports/run-7/learner-checkpoint.json"));
    // Given an explicit path, Then that one
    TrainerConfig explicit = new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null, Map.of(),
        Map.of(TrainerConfig.LEARNER_CHECKPOINT, "/ckpt/learner.json")));
    assertThat(explicit.learnerCheckpoint()).isEqualTo(Path.of("/ckpt/learner.json"));
  }

  @Test
  void defaultsFitAShortTrialAndCommonReaders() {
    TrainerConfig c = new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null, Map.of(), Map.of()));
    // files roll every minute, Parquet is snappy, and the HTTP port is the trainer's own
    assertThat(c.getLong(TrainerConfig.ROLL_MS)).isEqualTo(60_000L);
    assertThat(c.parquetCompression()).isEqualTo(CompressionCodecName.SNAPPY);
    assertThat(c.getInt(StarecConfig.HTTP_PORT)).isEqualTo(8082);
    // zstd on request
    assertThat(new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null,
        Map.of("STAREC_TRAINER_EXPORT_PARQUET_COMPRESSION", "zstd"), Map.of())).parquetCompression())
        .isEqualTo(CompressionCodecName.ZSTD);
    assertThatThrownBy(() -> StarecConfig.load(TrainerConfig.configDef(), null, Map.of(),
        Map.of(TrainerConfig.EXPORT_PARQUET_COMPRESSION, "lzo"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(TrainerConfig.EXPORT_PARQUET_COMPRESSION).hasMessageContaining("snappy");
  }

  @Test
  void environmentVariablesMapToTrainerKeys() {
    TrainerConfig c = new TrainerConfig(StarecConfig.load(TrainerConfig.configDef(), null,
        Map.of("STAREC_TRAINER_GROUP_TIMEOUT_MS", "5000", "STAREC_TRAINER_EXPORT_FORMAT", "json"), Map.of()));
    assertThat(c.getLong(TrainerConfig.GROUP_TIMEOUT_MS)).isEqualTo(5_000L);
    assertThat(c.getString(TrainerConfig.EXPORT_FORMAT)).isEqualTo("json");
  }

  @Test
  void badValuesAreRejectedWithTheKey() {
    assertThatThrownBy(() -> StarecConfig.load(TrainerConfig.configDef(), null, Map.of(),
        Map.of(TrainerConfig.EXPORT_FORMAT, "csv"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining(TrainerConfig.EXPORT_FORMAT);
    assertThatThrownBy(() -> StarecConfig.load(TrainerConfig.configDef(), null, Map.of(),
        Map.of(TrainerConfig.SFT_NDCG_THRESHOLD, "1.5"))).isInstanceOf(ConfigException.class);
  }
}
