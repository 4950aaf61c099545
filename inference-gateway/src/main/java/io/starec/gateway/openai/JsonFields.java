package io.starec.gateway.openai;

import com.openai.core.JsonValue;
import java.util.Map;

/** Typed reads of the SDK's untyped {@link JsonValue}s (extra fields, error bodies). */
final class JsonFields {

  private JsonFields() {}

  /** The string value, or null when absent or not a string. */
  static String string(JsonValue v) {
    Object o = v == null ? null : v.asString().orElse(null);
    return o instanceof String s ? s : null;
  }

  /** A field of a JSON object, or null when {@code v} is not an object or lacks it. */
  static JsonValue field(JsonValue v, String name) {
    Object o = v == null ? null : v.asObject().orElse(null);
    return o instanceof Map<?, ?> m && m.get(name) instanceof JsonValue f ? f : null;
  }

  /** The number value, or null when absent or not a number. */
  static Number number(JsonValue v) {
    Object o = v == null ? null : v.asNumber().orElse(null);
    return o instanceof Number n ? n : null;
  }
}
