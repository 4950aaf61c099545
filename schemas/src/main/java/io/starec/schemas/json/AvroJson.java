package io.starec.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain JSON, the shape people and tools expect: a record is an object in field order, a union is
 * its value (no {@code {"string": ...}} wrapper as in Avro's own JSON encoding), an enum its symbol, bytes and
 * fixed Base64 text, and a float that JSON cannot carry (NaN, infinities) its name as text. One way to print
 * records for the CLI and the HTTP endpoints.
 *
 * <pre>{@code
 * String line = AvroJson.write(AvroJson.toJson(interaction));   // {"eventId":"e1","userId":"u1",...}
 * }</pre>
 */
public final class AvroJson {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  /** The record as a JSON object. */
  public static ObjectNode toJson(IndexedRecord record) {
    return (ObjectNode) value(record, record.getSchema());
  }

  /** Compact JSON text of a node (one line). */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e); // a tree of plain nodes always writes
    }
  }

  private static JsonNode value(Object v, Schema schema) {
    if (v == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case RECORD: {
        IndexedRecord r = (IndexedRecord) v;
        ObjectNode o = NODES.objectNode();
        for (Schema.Field f : schema.getFields()) {
          o.set(f.name(), value(r.get(f.pos()), f.schema()));
        }
        return o;
      }
      case UNION:
        return value(v, schema.getTypes().get(GenericData.get().resolveUnion(schema, v)));
      case ARRAY: {
        ArrayNode a = NODES.arrayNode();
        for (Object e : (Collection<?>) v) {
          a.add(value(e, schema.getElementType()));
        }
        return a;
      }
      case MAP: {
        ObjectNode o = NODES.objectNode();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          o.set(e.getKey().toString(), value(e.getValue(), schema.getValueType()));
        }
        return o;
      }
      case ENUM:
      case STRING:
        return NODES.textNode(v.toString());
      case BYTES: {
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      }
      case FIXED:
        return NODES.textNode(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
      case INT:
        return NODES.numberNode((Integer) v);
      case LONG:
        return NODES.numberNode((Long) v);
      case FLOAT: {
        float f = (Float) v;
        return Float.isFinite(f) ? NODES.numberNode(f) : NODES.textNode(Float.toString(f));
      }
      case DOUBLE: {
        double d = (Double) v;
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
      }
      case BOOLEAN:
        return NODES.booleanNode((Boolean) v);
      case NULL:
      default:
        return NODES.nullNode();
    }
  }
}
