package io.starec.streamapp.topology;

import io.starec.avro.Interaction;
import io.starec.avro.RankingRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of interactions and ranking requests: the time field of the value when set, else the record
 * timestamp. Replays carry original times, so stream time (and everything it drives) is the same on every replay.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long ts = -1;
    Object v = record.value();
    if (v instanceof Interaction i) {
      ts = i.getTimestampMs();
    } else if (v instanceof RankingRequest r) {
      ts = r.getTimestampMs();
    }
    if (ts > 0) {
      return ts;
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
  }
}
