package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ReplayerTest {

  @Test
  void recordsAreUncompressedUnlessTheCallerChoosesACodec() {
    // Given no codec in the caller's settings
    Properties none = Replayer.producerProperties(new Properties(), "replay");
    // Then the replay writes uncompressed records (readable by clients without lz4 / snappy / zstd codecs)
    assertThat(none).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
  }

  @Test
  void theCallersProducerSettingsWinOverTheReplaysDefaults() {
    // Given a caller that asks for gzip and a longer linger
    Properties user = new Properties();
    user.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    user.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    user.put(ProducerConfig.ACKS_CONFIG, "1");

    // When the replay builds its producer settings
    Properties p = Replayer.producerProperties(user, "replay-interactions");

    // Then gzip and the linger reach the producer, while acks=all and idempotence stay (no lost or doubled events)
    assertThat(p).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 50)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "replay-interactions");
  }
}
