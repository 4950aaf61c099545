package io.starec.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.config.StarecConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
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
