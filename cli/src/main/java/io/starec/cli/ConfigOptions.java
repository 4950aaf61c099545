package io.starec.cli;

import io.starec.config.StarecConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * Options every command that talks to Kafka shares ({@code @Mixin ConfigOptions config;}). They are the highest
 * source of {@link StarecConfig#load}: they override the file and STAREC_* environment variables.
 */
public final class ConfigOptions {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Properties file with STAREC settings.")
  Path configFile;

  @Option(names = {"-b", "--bootstrap", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (bootstrap.servers; default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = {"--registry-url", "--registry"}, paramLabel = "URL",
      description = "Schema registry URL (schema.registry.url), http(s)://... or mock://scope (this JVM only).")
  String registry;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any config key, e.g. -D topic.prefix=dev.")
  Map<String, String> settings = new LinkedHashMap<>();

  /** Merged and validated originals for {@code def}: defaults < file < environment < these options < extra. */
  public Map<String, Object> load(ConfigDef def, Map<String, ?> extra) {
    Map<String, Object> overrides = new LinkedHashMap<>(settings);
    if (bootstrap != null) {
      overrides.put(StarecConfig.BOOTSTRAP_SERVERS, bootstrap);
    }
    if (registry != null) {
      overrides.put(StarecConfig.SCHEMA_REGISTRY_URL, registry);
    }
    overrides.putAll(extra);
    return StarecConfig.load(def, configFile, System.getenv(), overrides);
  }
}
