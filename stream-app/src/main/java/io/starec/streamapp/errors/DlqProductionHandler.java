package io.starec.streamapp.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output that cannot be written (too large for the topic, refused by the broker, not serializable): the source
 * record that produced it goes to the DLQ with the reason and the topic it was written to; processing continues.
 * Without this, Kafka Streams' default fails the thread, the replacement re-reads the same record and dies again.
 * Retriable send errors are retried, as by the default handler.
 */
public final class DlqProductionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqProductionHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return deadLetter("production", context, record.topic(), exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    return deadLetter("serialization", context, record.topic(), exception);
  }

  private Response deadLetter(String stage, ErrorHandlerContext context, String outputTopic, Exception exception) {
    String reason = "writing to " + outputTopic + " failed: " + DeadLetters.reason(exception);
    if (context.sourceRawValue() == null) {
      // a punctuator's output has no source record to dead-letter
      LOG.warn("output of {} to {} dropped: {}", context.processorNodeId(), outputTopic, reason);
      deadLetters.skippedPunctuation(stage);
      return Response.resume();
    }
    LOG.warn("output of {}-{}@{} to {} failed, source record sent to {}: {}", context.topic(), context.partition(),
        context.offset(), outputTopic, deadLetters.topic(), exception.toString());
    return Response.resume(deadLetters.record(stage, context.sourceRawKey(), context.sourceRawValue(),
        exception.getClass().getName(), reason, context.topic(), context.partition(), context.offset(),
        context.processorNodeId()));
  }
}
