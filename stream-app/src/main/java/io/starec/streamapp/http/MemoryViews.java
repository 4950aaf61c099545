package io.starec.streamapp.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.avro.UserMemory;
import io.starec.schemas.json.AvroJson;
import java.util.Locale;

/**
 * What {@code GET /users/{id}/memory} answers. The default, {@code redacted}, is the memory without what only the
 * training feed needs: prompts, raw completions and the embedded policy's features (they repeat the user's history
 * verbatim and are most of the bytes). {@code full} is the record as stored.
 */
public enum MemoryViews {
  REDACTED,
  FULL;

  /** The view a {@code view=} query value names; null or empty = redacted. */
  public static MemoryViews parse(String value) {
    if (value == null || value.isEmpty()) {
      return REDACTED;
    }
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown view '" + value + "': use redacted or full");
    }
  }

  /** The memory as JSON, {@code "view"} first. */
  public ObjectNode render(UserMemory memory) {
    ObjectNode json = AvroJson.toJson(memory);
    if (this == REDACTED) {
      json.remove("reflectPrompt");
      json.remove("reflectCompletion");
      for (JsonNode pending : json.path("pending")) {
        ((ObjectNode) pending).remove("promptMessages");
        for (JsonNode rollout : pending.path("rollouts")) {
          ((ObjectNode) rollout).remove("completion");
          ((ObjectNode) rollout).remove("policyFeatures");
        }
      }
    }
    ObjectNode out = AvroJson.MAPPER.createObjectNode().put("view", name().toLowerCase(Locale.ROOT));
    out.setAll(json);
    return out;
  }
}
