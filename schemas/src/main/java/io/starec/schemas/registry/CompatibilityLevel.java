package io.starec.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /**
   * Checks a candidate against previous versions (oldest first); empty result = compatible. Non-transitive
   * levels only look at the newest previous version, as Confluent does.
   */
  public List<String> check(Schema candidate, List<Schema> previousOldestFirst) {
    List<String> problems = new ArrayList<>();
    if (this == NONE || previousOldestFirst.isEmpty()) {
      return problems;
    }
    boolean transitive = name().endsWith("_TRANSITIVE");
    List<Schema> against =
        transitive ? previousOldestFirst : List.of(previousOldestFirst.get(previousOldestFirst.size() - 1));
    boolean backward = this != FORWARD && this != FORWARD_TRANSITIVE;
    boolean forward = this != BACKWARD && this != BACKWARD_TRANSITIVE;
    for (Schema old : against) {
      if (backward) {
        problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "BACKWARD"));
      }
      if (forward) {
        problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "FORWARD"));
      }
    }
    return problems;
  }

  /** Parses "backward", "BACKWARD_TRANSITIVE", ... */
  public static CompatibilityLevel parse(String value) {
    return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
  }

  private static List<String> describe(SchemaPairCompatibility pair, String direction) {
    List<String> out = new ArrayList<>();
    for (Incompatibility i : pair.getResult().getIncompatibilities()) {
      out.add(direction + ": " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage());
    }
    return out;
  }
}
