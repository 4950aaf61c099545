package io.starec.localkafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {

  @Test
  void startsServesAndCleansUpOnStop() throws Exception {
    // Given / When
    Path dir;
    int port;
    try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(0, Map.of()).start()) {
      dir = broker.dataDir();
      port = broker.port();

      // Then it is a one-node cluster on 127.0.0.1
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(Files.isDirectory(dir)).isTrue();
      Properties p = new Properties();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(p)) {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
      }
    }

    // And after stop its port is closed and its data dir is gone
    assertThat(Files.exists(dir)).isFalse();
    assertThat(accepts(port)).isFalse();
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
