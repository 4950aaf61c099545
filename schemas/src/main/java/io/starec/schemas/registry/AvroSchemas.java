package io.starec.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;

/** Schema helpers shared by the registry clients and the serdes. */
public final class AvroSchemas {
  /** Added by avro-maven-plugin's {@code stringType=String}; Java-only, so never registered. */
  public static final String JAVA_STRING_PROP = "avro.java.string";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AvroSchemas() {}

  /**
   * The schema without Java-specific properties, i.e. what parsing the {@code .avsc} gives. Registering this
   * form keeps ids and fingerprints equal across languages (DESIGN §4).
   */
  public static Schema languageNeutral(Schema schema) {
    String json = schema.toString();
    if (!json.contains(JAVA_STRING_PROP)) {
      return schema;
    }
    try {
      JsonNode tree = MAPPER.readTree(json);
      strip(tree);
      return parse(MAPPER.writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite schema " + schema.getFullName(), e);
    }
  }

  /** Parses one self-contained schema with a fresh parser (no name clashes between calls). */
  public static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(JAVA_STRING_PROP);
      Iterator<Map.Entry<String, JsonNode>> it = object.fields();
      while (it.hasNext()) {
        strip(it.next().getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        strip(child);
      }
    }
  }
}
