package io.starec.streamapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.InteractionType;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.errors.DeadLetters;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StreamAppConfigTest {

  @Test
  void defaultsAreTheDesignDefaults() {
    AppSettings s = StreamAppConfig.load(null, Map.of(), Map.of()).appSettings();
    assertThat(s.domain()).isEqualTo("movies");
    assertThat(s.dataSourceName()).isEqualTo("live");
    assertThat(s.rankDataSource()).isEqualTo("starec/live/rank");
    assertThat(s.likeThreshold()).isEqualTo(5);
    assertThat(s.exploreGroupSize()).isEqualTo(8);
    assertThat(s.exploreFraction()).isZero();
    assertThat(s.exploreTemperature()).isEqualTo(1.0);
    assertThat(s.limits().historySize()).isEqualTo(40);
    assertThat(s.limits().pendingRankings()).isEqualTo(3);
    assertThat(s.limits().descriptionCap()).isEqualTo(1200);
    assertThat(s.positiveRule().ratingThreshold()).isEqualTo(3.0);
    assertThat(s.positiveRule().implicitPositives()).containsExactlyInAnyOrder(InteractionType.CLICK,
        InteractionType.PURCHASE);
    assertThat(s.cooccurrence().window()).isEqualTo(10);
  }

  @Test
  void environmentAndOverridesAreTyped() {
    // Given settings from the environment and the command line
    StreamAppConfig c = StreamAppConfig.load(null, Map.of("STAREC_EXPLORE_FRACTION", "0.25",
        "STAREC_DOMAIN", "music"), Map.of("positive.implicit.types", "purchase", "data.source.name", "ml-1m",
        "topic.prefix", "dev"));
    AppSettings s = c.appSettings();
    assertThat(s.exploreFraction()).isEqualTo(0.25);
    assertThat(s.domain()).isEqualTo("music");
    assertThat(s.positiveRule().implicitPositives()).containsExactly(InteractionType.PURCHASE);
    assertThat(s.reflectDataSource()).isEqualTo("starec/ml-1m/reflect");
    assertThat(c.streamTopics().interactions()).isEqualTo("dev.interactions");
    assertThat(c.streamTopics().itemStats()).isEqualTo("dev.item-stats");
  }

  @Test
  void badValuesAreRejectedWithTheirKey() {
    assertThatThrownBy(() -> StreamAppConfig.load(null, Map.of(), Map.of("explore.fraction", "1.5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("explore.fraction");
    assertThatThrownBy(() -> StreamAppConfig.load(null, Map.of(), Map.of("processing.guarantee", "exactly_once")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
  }

  @Test
  void streamsPropertiesCarryGuaranteeHandlersApplicationServerAndPassThroughKeys() {
    StreamAppConfig c = StreamAppConfig.load(null, Map.of(), Map.of("application.id", "app-1",
        "standby.replicas", "1", "streams.max.task.idle.ms", "250", "commit.interval.ms", "50"));
    Properties p = StreamApp.streamsProperties(c, c.streamTopics(), AppMetrics.inMemory(),
        new HostInfo("127.0.0.1", 8099));
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("app-1");
    assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
    assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(50L);
    assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:8099");
    assertThat(p.get("max.task.idle.ms")).isEqualTo("250");
    assertThat(p.get(DeadLetters.TOPIC_CONFIG)).isEqualTo("starec.dlq");
    assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isNotNull();
    assertThat(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG)).isNotNull();
  }
}
