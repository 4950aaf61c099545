package io.starec.streamapp.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Inference results never move stream time: the gateway stamps them with its wall clock, which during a replay of
 * an old log would jump stream time to "now" and expire every deadline. A result is applied at its task's event
 * time instead (kept in the in-flight store), and sorts before pending events, so it is applied as soon as it
 * arrives.
 */
public final class ResultTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return Math.max(partitionTime, 0);
  }
}
