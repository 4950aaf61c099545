package io.starec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarecConfigTest {

  private static final ConfigDef CONFIG = StarecConfig.configDef();

  private static AbstractConfig config(Map<String, ?> originals) {
    return new AbstractConfig(CONFIG, originals, false);
  }

  @Test
  void defaultsAreLocalAndSafe() {
    AbstractConfig cfg = config(StarecConfig.load(CONFIG, null, Map.of(), Map.of()));

    assertThat(cfg.getString("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
    assertThat(cfg.getString("security.protocol")).isEqualTo("PLAINTEXT");
    assertThat(cfg.getString("http.bind.address")).isEqualTo("127.0.0.1");
    assertThat(cfg.getString("topic.prefix")).isEqualTo("starec");
    assertThat(StarecConfig.topics(cfg).interactions().name()).isEqualTo("starec.interactions");
  }

  @Test
  void everyDefinitionHasDocumentation() {
    assertThat(CONFIG.configKeys().values()).allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
  }

  @Test
  void laterSourcesWinFileThenEnvironmentThenOverrides(@TempDir Path dir) throws Exception {
    // Given a file, environment variables and overrides that disagree
    Path file = dir.resolve("starec.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=fromfile\nhttp.port=1111\n");
    Map<String, String> env = Map.of(
        "STAREC_TOPIC_PREFIX", "fromenv",
        "STAREC_HTTP_PORT", "2222",
        "STAREC_JAVA_OPTS", "-Xmx1g"); // not a config key: ignored

    // When they are loaded
    Map<String, Object> originals = StarecConfig.load(CONFIG, file, env, Map.of("http.port", "3333"));
    AbstractConfig cfg = config(originals);

    // Then each key takes its value from the highest source that sets it
    assertThat(cfg.getString("bootstrap.servers")).isEqualTo("file:9092");
    assertThat(cfg.getString("topic.prefix")).isEqualTo("fromenv");
    assertThat(cfg.getInt("http.port")).isEqualTo(3333);
    assertThat(originals).doesNotContainKey("java.opts");
  }

  @Test
  void envNamesMapDotsAndDashes() {
    assertThat(StarecConfig.envVarName("schema.registry.url")).isEqualTo("STAREC_SCHEMA_REGISTRY_URL");
    ConfigDef def = new ConfigDef(CONFIG).define("max-in.flight", ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW, "x");

    Map<String, Object> originals = StarecConfig.load(def, null, Map.of("STAREC_MAX_IN_FLIGHT", "7"), Map.of());

    assertThat(new AbstractConfig(def, originals, false).getInt("max-in.flight")).isEqualTo(7);
  }

  @Test
  void badEnumValueNamesTheKeyTheAllowedValuesAndTheSource() {
    assertThatThrownBy(() -> StarecConfig.load(CONFIG, null, Map.of("STAREC_SECURITY_PROTOCOL", "TLS"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("security.protocol")
        .hasMessageContaining("TLS")
        .hasMessageContaining("SASL_SSL")
        .hasMessageContaining("STAREC_SECURITY_PROTOCOL");
  }

  @Test
  void badNumberNamesTheKeyAndTheRange(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "http.port=eighty\n");

    assertThatThrownBy(() -> StarecConfig.load(CONFIG, file, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port")
        .hasMessageContaining("65535")
        .hasMessageContaining(file.toString());
    assertThatThrownBy(() -> StarecConfig.load(CONFIG, null, Map.of(), Map.of("topic.partitions", 0)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("topic.partitions")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> StarecConfig.load(CONFIG, null, Map.of(), Map.of("topic.prefix", "a b")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("topic.prefix");
  }

  @Test
  void missingFileIsAClearError() {
    assertThatThrownBy(() -> StarecConfig.load(CONFIG, Path.of("/nonexistent/starec.properties"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/starec.properties");
  }

  @Test
  void plaintextClientPropertiesCarryNoSecuritySettings() {
    Properties p = StarecConfig.kafkaClientProperties(config(Map.of("bootstrap.servers", "b:1")));

    assertThat(p).containsOnly(Map.entry("bootstrap.servers", "b:1"), Map.entry("security.protocol", "PLAINTEXT"));
  }

  @Test
  void producersWriteUncompressedRecordsUnlessCompressionIsSet() {
    // Given no compression setting, When the producer properties are built, Then records are uncompressed
    assertThat(StarecConfig.producerProperties(config(Map.of()))).containsEntry("compression.type", "none");
    // Given gzip, Then producers compress with gzip (still readable by every client)
    assertThat(StarecConfig.producerProperties(config(Map.of("compression.type", "gzip"))))
        .containsEntry("compression.type", "gzip");
    // and consumers and admin clients do not see the key
    assertThat(StarecConfig.kafkaClientProperties(config(Map.of("compression.type", "gzip"))))
        .doesNotContainKey("compression.type");
  }

  @Test
  void anUnknownCodecIsRejectedWithTheCodecsAllowed() {
    assertThatThrownBy(() -> StarecConfig.load(CONFIG, null, Map.of(), Map.of("compression.type", "brotli")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("compression.type")
        .hasMessageContaining("none").hasMessageContaining("gzip");
  }

  @Test
  void eachServiceNamesItsOwnDefaultHttpPort() {
    // When a service extends the common definitions with its own default port
    ConfigDef gateway = StarecConfig.configDef(8081);
    // Then that is its default, the common one stays 8080, and the range check is the same
    assertThat(new AbstractConfig(gateway, Map.of()).getInt("http.port")).isEqualTo(8081);
    assertThat(new AbstractConfig(StarecConfig.configDef(), Map.of()).getInt("http.port")).isEqualTo(8080);
    assertThatThrownBy(() -> StarecConfig.load(gateway, null, Map.of(), Map.of("http.port", 70_000)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
  }

  @Test
  void saslSslClientPropertiesForAManagedCluster() {
    // Given a SASL_SSL setup as for a managed cluster
    Map<String, Object> o = new HashMap<>();
    o.put("bootstrap.servers", "broker:9093");
    o.put("security.protocol", "SASL_SSL");
    o.put("sasl.mechanism", "SCRAM-SHA-512");
    o.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" "
        + "password=\"p\";");
    o.put("ssl.truststore.location", "/etc/starec/truststore.p12");
    o.put("ssl.truststore.password", "secret");
    o.put("ssl.truststore.type", "PKCS12");

    // When client properties are built
    Properties p = StarecConfig.kafkaClientProperties(config(StarecConfig.load(CONFIG, null, Map.of(), o)));

    // Then SASL and TLS settings are there, as plain strings Kafka clients accept
    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/starec/truststore.p12")
        .containsEntry("ssl.truststore.password", "secret")
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .doesNotContainKey("ssl.keystore.location");
    assertThat(p.getProperty("sasl.jaas.config")).contains("ScramLoginModule");
  }

  @Test
  void mutualTlsClientProperties() {
    Map<String, Object> o = Map.of(
        "security.protocol", "SSL",
        "ssl.keystore.location", "/k.jks", "ssl.keystore.password", "kp", "ssl.key.password", "kk");

    Properties p = StarecConfig.kafkaClientProperties(config(o));

    assertThat(p).containsEntry("ssl.keystore.location", "/k.jks").containsEntry("ssl.keystore.password", "kp")
        .containsEntry("ssl.key.password", "kk").containsEntry("ssl.keystore.type", "JKS")
        .doesNotContainKeys("sasl.mechanism", "sasl.jaas.config");
  }

  @Test
  void secretsAreNotPrintedByTheConfig() {
    AbstractConfig cfg = config(Map.of("sasl.jaas.config", "password=\"topsecret\";"));

    assertThat(cfg.values().toString()).doesNotContain("topsecret");
  }

  @Test
  void serdeConfigCarriesRegistrySettings() {
    Map<String, Object> o = Map.of(
        "schema.registry.url", "https://registry:8081",
        "auto.register.schemas", "false",
        "basic.auth.user.info", "u:p",
        "schema.registry.ssl.truststore.location", "/t.p12",
        "schema.registry.ssl.truststore.password", "tp",
        "schema.registry.ssl.truststore.type", "PKCS12");

    Map<String, Object> s = StarecConfig.serdeConfig(config(o));

    assertThat(s).containsEntry("schema.registry.url", "https://registry:8081")
        .containsEntry("auto.register.schemas", false)
        .containsEntry("basic.auth.user.info", "u:p")
        .containsEntry("schema.registry.ssl.truststore.location", "/t.p12")
        .containsEntry("schema.registry.ssl.truststore.password", "tp")
        .containsEntry("schema.registry.ssl.truststore.type", "PKCS12")
        .doesNotContainKeys("schema.registry.ssl.keystore.type", "schema.registry.ssl.keystore.location");
  }
}
