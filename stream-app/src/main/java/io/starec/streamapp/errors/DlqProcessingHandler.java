package io.starec.streamapp.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose processing threw goes to the DLQ with its original source bytes; processing continues. Records
 * produced by a punctuator have no source bytes: they are logged and counted, and processing continues too.
 */
public final class DlqProcessingHandler implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DlqProcessingHandler.class);

  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (deadLetters.isGlobal(context.topic())) {
      LOG.warn("processing a record of global table {} failed; skipped: {}", context.topic(), exception.toString());
      deadLetters.skippedGlobal("processing", exception);
      return Response.resume();
    }
    LOG.warn("processing failed in {} for {}-{}@{}, record sent to {}: {}", context.processorNodeId(),
        context.topic(), context.partition(), context.offset(), deadLetters.topic(), exception.toString());
    return Response.resume(deadLetters.record("processing", context.sourceRawKey(), context.sourceRawValue(),
        exception, context.topic(), context.partition(), context.offset(), context.processorNodeId()));
  }
}
