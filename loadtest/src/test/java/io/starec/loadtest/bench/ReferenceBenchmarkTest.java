package io.starec.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ReferenceBenchmarkTest {

  @Test
  void passesEveryRecordThroughAndKeepsTheLatestPerKeyInItsStore() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(ReferenceBenchmark.topology("in", "out"), p)) {
      // Given three records of two users
      TestInputTopic<String, byte[]> in = driver.createInputTopic("in", new StringSerializer(),
          new ByteArraySerializer());
      TestOutputTopic<String, byte[]> out = driver.createOutputTopic("out", new StringDeserializer(),
          new ByteArrayDeserializer());

      // When they pass the reference topology
      in.pipeInput("u1", bytes("a"));
      in.pipeInput("u2", bytes("b"));
      in.pipeInput("u1", bytes("c"));

      // Then every record comes out unchanged, in order, and the store holds the latest value per key
      assertThat(out.readKeyValuesToList()).extracting(kv -> kv.key + "=" + new String(kv.value,
          StandardCharsets.UTF_8)).containsExactly("u1=a", "u2=b", "u1=c");
      KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ReferenceBenchmark.STORE);
      assertThat(new String(store.get("u1"), StandardCharsets.UTF_8)).isEqualTo("c");
      assertThat(new String(store.get("u2"), StandardCharsets.UTF_8)).isEqualTo("b");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
