package io.starec.topics;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** A topic's {@code cleanup.policy}. */
public enum CleanupPolicy {
  /** Keep records for {@code retention.ms}. */
  DELETE("delete"),
  /** Keep the latest record per key (tables: items, users, policy versions, item stats). */
  COMPACT("compact");

  private final String configValue;

  CleanupPolicy(String configValue) {
    this.configValue = configValue;
  }

  /** The value of Kafka's {@code cleanup.policy} topic config. */
  public String configValue() {
    return configValue;
  }

  /** True if a broker's {@code cleanup.policy} value (e.g. {@code "compact,delete"}) is exactly this policy. */
  public boolean matches(String brokerValue) {
    if (brokerValue == null) {
      return false;
    }
    Set<String> parts = new TreeSet<>();
    Arrays.stream(brokerValue.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(parts::add);
    return parts.equals(Set.of(configValue));
  }
}
