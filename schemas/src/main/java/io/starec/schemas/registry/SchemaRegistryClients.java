package io.starec.schemas.registry;

import java.util.Map;

/** Builds the registry client a config asks for. */
public final class SchemaRegistryClients {
  /** URL prefix of the in-memory registry: {@code mock://<scope>}, shared by everything in the JVM using the scope. */
  public static final String MOCK_PREFIX = "mock://";

  private SchemaRegistryClients() {}

  /**
   * {@code schema.registry.url=mock://scope} gives the scope's {@link InMemorySchemaRegistry}; http(s) URLs give
   * a {@link RestSchemaRegistryClient} with the auth, TLS and timeout settings of the same map.
   *
   * @throws IllegalArgumentException when the URL is missing or malformed, or TLS settings cannot be loaded
   */
  public static SchemaRegistryClient create(Map<String, ?> cfg) {
    String url = SchemaRegistryConfig.string(cfg, SchemaRegistryConfig.SCHEMA_REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException(
          "missing '" + SchemaRegistryConfig.SCHEMA_REGISTRY_URL + "' (http(s)://host:port or mock://scope)");
    }
    String first = url.split(",")[0].trim();
    if (first.startsWith(MOCK_PREFIX)) {
      String scope = first.substring(MOCK_PREFIX.length());
      if (scope.isEmpty()) {
        throw new IllegalArgumentException("mock registry URL needs a scope: mock://<scope>, got '" + url + "'");
      }
      return InMemorySchemaRegistry.forScope(scope);
    }
    return new RestSchemaRegistryClient(cfg);
  }
}
