package io.starec.streamapp.topology;

import org.apache.avro.specific.SpecificRecord;

/**
 * An output of the user-keyed processors together with the topic it goes to. Item-stats deltas have no topic:
 * they are repartitioned by item and aggregated first.
 */
public record Routed(String topic, SpecificRecord value) {

  static Routed to(String topic, SpecificRecord value) {
    return new Routed(topic, value);
  }

  static Routed itemDelta(SpecificRecord delta) {
    return new Routed(null, delta);
  }

  boolean isItemDelta() {
    return topic == null;
  }
}
