package io.starec.streamapp.errors;

import io.starec.avro.RankingResponse;
import io.starec.streamapp.topology.Answers;
import io.starec.streamapp.topology.Routed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output that cannot be written (too large for the topic, refused by the broker, not serializable): the source
 * record that produced it goes to the DLQ with the reason and the topic it was written to; processing continues.
 * Without this, Kafka Streams' default fails the thread, the replacement re-reads the same record and dies again.
 * Retriable send errors are retried, as by the default handler. A ranking response that cannot be written is
 * replaced by a small error response, so the requester is answered.
 */
public final class DlqProductionHandler implements ProductionExceptionHandler {

  /** Config key: the serializer of ranking responses (an instance), for the error response. */
  public static final String ERROR_RESPONSES_CONFIG = "starec.error.responses.serializer";

  private static final Logger LOG = LoggerFactory.getLogger(DlqProductionHandler.class);

  private DeadLetters deadLetters;
  private Serializer<RankingResponse> responses;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.from(configs);
    if (!(configs.get(ERROR_RESPONSES_CONFIG) instanceof Serializer<?> serializer)) {
      throw new IllegalStateException(ERROR_RESPONSES_CONFIG + " is not set");
    }
    responses = (Serializer<RankingResponse>) serializer;
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return Response.resume(deadLetter("production", context, record.topic(), exception));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(
        deadLetter("serialization", context, record.topic(), exception));
    if (record.value() instanceof Routed routed && routed.value() instanceof RankingResponse failed) {
      RankingResponse answer = Answers.unwritable(failed, "the response could not be written: "
          + DeadLetters.reason(exception));
      out.add(new ProducerRecord<>(record.topic(), failed.getUserId().getBytes(StandardCharsets.UTF_8),
          responses.serialize(record.topic(), answer)));
    }
    return Response.resume(out);
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(String stage, ErrorHandlerContext context,
      String outputTopic, Exception exception) {
    String reason = "writing to " + outputTopic + " failed: " + DeadLetters.reason(exception);
    if (context.sourceRawValue() == null) {
      // a punctuator's output has no source record to dead-letter
      LOG.warn("output of {} to {} dropped: {}", context.processorNodeId(), outputTopic, reason);
      deadLetters.skippedPunctuation(stage);
      return List.of();
    }
    LOG.warn("output of {}-{}@{} to {} failed, source record sent to {}: {}", context.topic(), context.partition(),
        context.offset(), outputTopic, deadLetters.topic(), exception.toString());
    return deadLetters.record(stage, context.sourceRawKey(), context.sourceRawValue(),
        exception.getClass().getName(), reason, context.topic(), context.partition(), context.offset(),
        context.processorNodeId());
  }
}
