package io.starec.config;

import io.starec.schemas.registry.SchemaRegistryConfig;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Configuration shared by every STARec service, in Kafka's {@link ConfigDef} style.
 *
 * <p>Sources, later wins: definition defaults, a properties file, {@code STAREC_*} environment variables
 * ({@code STAREC_SCHEMA_REGISTRY_URL} -> {@code schema.registry.url}; dots and dashes both become underscores),
 * explicit overrides (command-line options). A service extends the common definitions, named as Kafka's own
 * configs name theirs ({@code StreamsConfig}, {@code ProducerConfig}): a private {@code CONFIG} and a public
 * {@code configDef()} that returns a copy:
 *
 * <pre>{@code
 * class StreamAppConfig extends AbstractConfig {
 *   private static final ConfigDef CONFIG = StarecConfig.configDef()
 *       .define("stream.threads", Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, "Stream threads.");
 *   StreamAppConfig(Map<?, ?> originals) { super(CONFIG, originals); }
 *   public static ConfigDef configDef() { return new ConfigDef(CONFIG); }
 * }
 * var cfg = new StreamAppConfig(StarecConfig.load(StreamAppConfig.configDef(), Path.of("app.properties"),
 *     System.getenv(), Map.of()));
 * Properties kafka = StarecConfig.kafkaClientProperties(cfg);
 * }</pre>
 */
public final class StarecConfig {

  public static final String ENV_PREFIX = "STAREC_";

  public static final String BOOTSTRAP_SERVERS = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
  public static final String SCHEMA_REGISTRY_URL = SchemaRegistryConfig.SCHEMA_REGISTRY_URL;
  public static final String AUTO_REGISTER_SCHEMAS = SchemaRegistryConfig.AUTO_REGISTER_SCHEMAS;
  public static final String REGISTRY_BASIC_AUTH_USER_INFO = SchemaRegistryConfig.BASIC_AUTH_USER_INFO;
  public static final String SECURITY_PROTOCOL = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;
  public static final String SASL_MECHANISM = SaslConfigs.SASL_MECHANISM;
  public static final String SASL_JAAS_CONFIG = SaslConfigs.SASL_JAAS_CONFIG;
  public static final String SSL_TRUSTSTORE_LOCATION = SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
  public static final String SSL_TRUSTSTORE_PASSWORD = SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
  public static final String SSL_TRUSTSTORE_TYPE = SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
  public static final String SSL_KEYSTORE_LOCATION = SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
  public static final String SSL_KEYSTORE_PASSWORD = SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG;
  public static final String SSL_KEYSTORE_TYPE = SslConfigs.SSL_KEYSTORE_TYPE_CONFIG;
  public static final String SSL_KEY_PASSWORD = SslConfigs.SSL_KEY_PASSWORD_CONFIG;
  public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM =
      SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String HTTP_BIND_ADDRESS = "http.bind.address";
  public static final String HTTP_PORT = "http.port";
  public static final String COMPRESSION_TYPE = ProducerConfig.COMPRESSION_TYPE_CONFIG;

  /** {@code http.port} of {@link #configDef()}: the stream app's; the gateway and the trainer take the next two. */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Registry TLS keys passed through to the serdes unchanged. */
  private static final String[] REGISTRY_SSL_KEYS = {
      SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD,
      SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE, SchemaRegistryConfig.SSL_KEYSTORE_LOCATION,
      SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD, SchemaRegistryConfig.SSL_KEYSTORE_TYPE,
      SchemaRegistryConfig.SSL_KEY_PASSWORD};

  private static final String[] SASL_MECHANISMS = {"PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI"};
  private static final String[] STORE_TYPES = {"JKS", "PKCS12", "PEM"};

  /** Kafka's record codecs; none and gzip are the two every client reads without extra packages. */
  private static final String[] COMPRESSION_TYPES = {"none", "gzip", "snappy", "lz4", "zstd"};

  /** The common definitions without {@code http.port}, whose default differs per service. */
  private static final ConfigDef CONFIG;

  static {
    String[] protocols = Arrays.stream(SecurityProtocol.values()).map(p -> p.name).toArray(String[]::new);
    CONFIG = new ConfigDef()
        // Kafka
        .define(BOOTSTRAP_SERVERS, Type.STRING, "127.0.0.1:9092", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Kafka bootstrap servers, host:port[,host:port...].")
        .define(SECURITY_PROTOCOL, Type.STRING, SecurityProtocol.PLAINTEXT.name, ValidString.in(protocols),
            Importance.HIGH, "Kafka security protocol; SASL_SSL for managed clusters, SSL for mTLS.")
        .define(SASL_MECHANISM, Type.STRING, "PLAIN", ValidString.in(SASL_MECHANISMS), Importance.MEDIUM,
            "SASL mechanism (used with SASL_PLAINTEXT / SASL_SSL).")
        .define(SASL_JAAS_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
            "JAAS login line, e.g. org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"u\" password=\"p\";")
        .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
            "Trust store for the brokers' certificates (SSL / SASL_SSL); unset = the JVM's default trust.")
        .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
        .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", ValidString.in(STORE_TYPES), Importance.LOW,
            "Trust store format.")
        .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
            "Key store with the client certificate (mTLS).")
        .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Key store password.")
        .define(SSL_KEYSTORE_TYPE, Type.STRING, "JKS", ValidString.in(STORE_TYPES), Importance.LOW,
            "Key store format.")
        .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the private key in the key store.")
        .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "https", Importance.LOW,
            "Broker host name verification: https, or empty to disable.")
        .define(COMPRESSION_TYPE, Type.STRING, "none", ValidString.in(COMPRESSION_TYPES), Importance.MEDIUM,
            "Compression of the records STARec's producers write (replay, stream app, gateway, trainer). none "
                + "(Kafka's default) or gzip keep every topic readable by clients with only their ecosystem's "
                + "built-in codecs (kafkajs and kafka-python lack snappy, lz4 and zstd without extra packages); "
                + "lz4 or zstd save bandwidth when every consumer has them.")
        // schema registry
        .define(SCHEMA_REGISTRY_URL, Type.STRING, "mock://starec", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Schema registry (Confluent REST API), e.g. http://127.0.0.1:18081/apis/ccompat/v7 (Apicurio, as "
                + "deploy/local/registry-up.sh serves it) or http://registry:8081 (Confluent); mock://<scope> = "
                + "in-memory, inside one JVM only.")
        .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
            "Producers register unknown schemas (false: look up only, for locked-down registries).")
        .define(REGISTRY_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
            "user:password for the registry's HTTP basic auth.")
        .define(SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.LOW,
            "Trust store for the registry's certificate.")
        .define(SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
            "Registry trust store password.")
        .define(SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", ValidString.in(STORE_TYPES),
            Importance.LOW, "Registry trust store format.")
        .define(SchemaRegistryConfig.SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.LOW,
            "Client certificate for the registry (mTLS).")
        .define(SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
            "Registry key store password.")
        .define(SchemaRegistryConfig.SSL_KEYSTORE_TYPE, Type.STRING, "JKS", ValidString.in(STORE_TYPES),
            Importance.LOW, "Registry key store format.")
        .define(SchemaRegistryConfig.SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
            "Registry private key password.")
        // topics
        .define(TOPIC_PREFIX, Type.STRING, Topics.DEFAULT_PREFIX,
            ConfigDef.LambdaValidator.with((name, value) -> {
              if (value == null || !value.toString().matches("[a-zA-Z0-9._-]{1,200}")) {
                throw new ConfigException(name, value, "must be 1..200 characters of [a-zA-Z0-9._-]");
              }
            }, () -> "1..200 characters of [a-zA-Z0-9._-]"),
            Importance.MEDIUM, "Prefix of every topic name: <prefix>.interactions, ...")
        .define(TOPIC_PARTITIONS, Type.INT, Topics.DEFAULT_PARTITIONS, Range.atLeast(1), Importance.MEDIUM,
            "Partitions of the user-keyed topics (all equal: they are co-partitioned).")
        .define(TOPIC_REPLICATION_FACTOR, Type.INT, -1, Range.between(-1, Short.MAX_VALUE), Importance.MEDIUM,
            "Replication factor of topics created by STARec; -1 = the broker's default.")
        // HTTP (health, metrics, APIs)
        .define(HTTP_BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Address the service's HTTP endpoints bind to; 0.0.0.0 exposes them.");
  }

  private StarecConfig() {
  }

  /** A copy of the definitions of the keys every service shares, for a service to extend. */
  public static ConfigDef configDef() {
    return configDef(DEFAULT_HTTP_PORT);
  }

  /**
   * The shared definitions with a service's own default {@code http.port}: stream app 8080, gateway 8081,
   * trainer 8082, so the three run side by side on one host without settings.
   */
  public static ConfigDef configDef(int defaultHttpPort) {
    return new ConfigDef(CONFIG).define(HTTP_PORT, Type.INT, defaultHttpPort, Range.between(0, 65535),
        Importance.MEDIUM, "HTTP port; 0 = any free port. Defaults: stream-app 8080, gateway 8081, trainer 8082.");
  }

  /**
   * Merges the config sources into the originals for {@code new XyzConfig(originals)} and validates them against
   * {@code def}, so a bad value fails here with the key, the value, the allowed values and where it came from.
   * Environment variables are read only for keys {@code def} defines.
   *
   * @param propertiesFileOrNull a {@code .properties} file, or null
   * @param env usually {@code System.getenv()}
   * @param overrides highest precedence (command-line options); null values are ignored
   * @throws ConfigException on a missing file, a bad value or a missing required key
   */
  public static Map<String, Object> load(ConfigDef def, Path propertiesFileOrNull, Map<String, String> env,
      Map<String, ?> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, String> source = new HashMap<>();
    if (propertiesFileOrNull != null) {
      Properties file = new Properties();
      try (Reader r = Files.newBufferedReader(propertiesFileOrNull, StandardCharsets.UTF_8)) {
        file.load(r);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + propertiesFileOrNull + ": " + e.getMessage());
      }
      for (String k : file.stringPropertyNames()) {
        merged.put(k, file.getProperty(k).trim());
        source.put(k, "file " + propertiesFileOrNull);
      }
    }
    if (env != null) {
      for (String key : def.names()) {
        String var = envVarName(key);
        String v = env.get(var);
        if (v != null) {
          merged.put(key, v.trim());
          source.put(key, "environment variable " + var);
        }
      }
    }
    if (overrides != null) {
      overrides.forEach((k, v) -> {
        if (v != null) {
          merged.put(k, v);
          source.put(k, "override");
        }
      });
    }
    validate(def, merged, source);
    return merged;
  }

  /** {@code schema.registry.url} -> {@code STAREC_SCHEMA_REGISTRY_URL}. */
  public static String envVarName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void validate(ConfigDef def, Map<String, Object> merged, Map<String, String> source) {
    for (Map.Entry<String, ConfigDef.ConfigKey> e : def.configKeys().entrySet()) {
      String name = e.getKey();
      if (!merged.containsKey(name)) {
        continue;
      }
      ConfigDef.ConfigKey key = e.getValue();
      Object parsed;
      try {
        parsed = ConfigDef.parseType(name, merged.get(name), key.type);
      } catch (ConfigException ex) {
        String allowed = key.validator == null ? "" : " Allowed: " + key.validator + ".";
        throw new ConfigException(ex.getMessage() + "." + allowed + " (from " + source.get(name) + ")");
      }
      try {
        if (key.validator != null) {
          key.validator.ensureValid(name, parsed); // its message names the allowed values
        }
      } catch (ConfigException ex) {
        throw new ConfigException(ex.getMessage() + " (from " + source.get(name) + ")");
      }
    }
    def.parse(merged); // required keys without defaults, and anything parseType let through
  }

  /** Producer/consumer/admin/streams properties: bootstrap servers plus the security settings that are set. */
  public static Properties kafkaClientProperties(AbstractConfig cfg) {
    Properties p = new Properties();
    p.put(BOOTSTRAP_SERVERS, cfg.getString(BOOTSTRAP_SERVERS));
    String protocol = cfg.getString(SECURITY_PROTOCOL);
    p.put(SECURITY_PROTOCOL, protocol);
    if (protocol.startsWith("SASL_")) {
      p.put(SASL_MECHANISM, cfg.getString(SASL_MECHANISM));
      putPassword(p, SASL_JAAS_CONFIG, cfg.getPassword(SASL_JAAS_CONFIG));
    }
    if (protocol.endsWith("SSL")) {
      putString(p, SSL_TRUSTSTORE_LOCATION, cfg.getString(SSL_TRUSTSTORE_LOCATION));
      putPassword(p, SSL_TRUSTSTORE_PASSWORD, cfg.getPassword(SSL_TRUSTSTORE_PASSWORD));
      if (cfg.getString(SSL_TRUSTSTORE_LOCATION) != null) {
        p.put(SSL_TRUSTSTORE_TYPE, cfg.getString(SSL_TRUSTSTORE_TYPE));
      }
      putString(p, SSL_KEYSTORE_LOCATION, cfg.getString(SSL_KEYSTORE_LOCATION));
      putPassword(p, SSL_KEYSTORE_PASSWORD, cfg.getPassword(SSL_KEYSTORE_PASSWORD));
      putPassword(p, SSL_KEY_PASSWORD, cfg.getPassword(SSL_KEY_PASSWORD));
      if (cfg.getString(SSL_KEYSTORE_LOCATION) != null) {
        p.put(SSL_KEYSTORE_TYPE, cfg.getString(SSL_KEYSTORE_TYPE));
      }
      String algo = cfg.getString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
      p.put(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, algo == null ? "" : algo);
    }
    return p;
  }

  /** {@link #kafkaClientProperties} plus what STARec's producers share: {@code compression.type}. */
  public static Properties producerProperties(AbstractConfig cfg) {
    Properties p = kafkaClientProperties(cfg);
    p.put(COMPRESSION_TYPE, cfg.getString(COMPRESSION_TYPE));
    return p;
  }

  /** Config for {@code SpecificAvroSerde} / registry clients: URL, auto-register, basic auth and registry TLS. */
  public static Map<String, Object> serdeConfig(AbstractConfig cfg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SCHEMA_REGISTRY_URL, cfg.getString(SCHEMA_REGISTRY_URL));
    m.put(AUTO_REGISTER_SCHEMAS, cfg.getBoolean(AUTO_REGISTER_SCHEMAS));
    Password userInfo = cfg.getPassword(REGISTRY_BASIC_AUTH_USER_INFO);
    if (userInfo != null) {
      m.put(REGISTRY_BASIC_AUTH_USER_INFO, userInfo.value());
    }
    Map<String, ?> values = cfg.values();
    for (String key : REGISTRY_SSL_KEYS) {
      Object v = values.get(key);
      if (key.endsWith("type") && values.get(key.replace("type", "location")) == null) {
        continue; // a store type alone means nothing
      }
      if (v instanceof Password pw) {
        m.put(key, pw.value());
      } else if (v != null) {
        m.put(key, v);
      }
    }
    return m;
  }

  /** The topic registry this config names (prefix and partition count). */
  public static Topics topics(AbstractConfig cfg) {
    return Topics.of(cfg.getString(TOPIC_PREFIX), cfg.getInt(TOPIC_PARTITIONS));
  }

  private static void putString(Properties p, String key, String value) {
    if (value != null && !value.isBlank()) {
      p.put(key, value);
    }
  }

  private static void putPassword(Properties p, String key, Password value) {
    if (value != null) {
      p.put(key, value.value());
    }
  }
}
