package io.starec.streamapp.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that do not deserialize go to the DLQ as they are; processing continues with the next record. A failure
 * because the schema registry is unreachable fails the thread instead ({@link RegistryOutage}): the record is
 * re-read once the thread is replaced.
 */
public final class DlqDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqDeserializationHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    if (RegistryOutage.causedBy(exception)) {
      LOG.warn("record {}-{}@{} not decoded, schema registry unreachable; failing the thread to re-read it: {}",
          record.topic(), record.partition(), record.offset(), exception.toString());
      return Response.fail();
    }
    if (deadLetters.isGlobal(record.topic())) {
      LOG.warn("undeserializable record {}-{}@{} of a global table skipped: {}", record.topic(), record.partition(),
          record.offset(), exception.toString());
      deadLetters.skippedGlobal("deserialization", exception);
      return Response.resume();
    }
    LOG.warn("undeserializable record {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
        deadLetters.topic(), exception.toString());
    return Response.resume(deadLetters.record("deserialization", record.key(), record.value(), exception,
        record.topic(), record.partition(), record.offset(), context == null ? null : context.processorNodeId()));
  }
}
