package io.starec.schemas.registry;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/** Config keys of the registry client and serdes (Confluent's names, so existing configs carry over). */
public final class SchemaRegistryConfig {
  /** {@code http(s)://host:port[/path]}, a comma-separated list (tried in order), or {@code mock://scope}. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  /** Serializer: register unknown schemas (default true) or only look them up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  /** {@code USER_INFO} (default: use {@link #BASIC_AUTH_USER_INFO}) or {@code URL} (user:pass@ in the URL). */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  /** {@code user:password} for HTTP basic auth. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  /** Client certificate for mTLS. */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
  /** SSLContext protocol, default {@code TLS} (negotiates the best available). */
  public static final String SSL_PROTOCOL = "schema.registry.ssl.protocol";
  /** TCP connect timeout, default 10000 ms. Confluent's {@code http.connect.timeout.ms} is accepted too. */
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
  /** Whole-request timeout, default 30000 ms. Confluent's {@code http.read.timeout.ms} is accepted too. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  static final String CONFLUENT_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
  static final String CONFLUENT_READ_TIMEOUT_MS = "http.read.timeout.ms";

  private SchemaRegistryConfig() {}

  /** A config value as a string; unwraps Kafka {@link Password}s; null when absent or blank. */
  public static String string(Map<String, ?> cfg, String key) {
    Object value = cfg.get(key);
    if (value == null) {
      return null;
    }
    String s = value instanceof Password p ? p.value() : value.toString();
    return s.isBlank() ? null : s.trim();
  }

  public static boolean bool(Map<String, ?> cfg, String key, boolean defaultValue) {
    String s = string(cfg, key);
    return s == null ? defaultValue : Boolean.parseBoolean(s);
  }

  public static long number(Map<String, ?> cfg, long defaultValue, String... keys) {
    for (String key : keys) {
      String s = string(cfg, key);
      if (s != null) {
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("config '" + key + "' must be a number, got '" + s + "'", e);
        }
      }
    }
    return defaultValue;
  }
}
