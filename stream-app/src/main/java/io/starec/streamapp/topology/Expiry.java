package io.starec.streamapp.topology;

import io.starec.avro.InflightTask;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.TaskKind;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens to a task that will not be answered by the model: a RANK task gets the fallback ranking. */
final class Expiry {

  private static final Logger LOG = LoggerFactory.getLogger(Expiry.class);

  private Expiry() {}

  /** The caller has already removed the task from the in-flight store. */
  static void answer(TopologyContext tc, ProcessorContext<String, Routed> context, Lookups lookups,
      InflightTask task, String reason, String metricReason, long timestamp) {
    if (task.getKind() == TaskKind.REFLECT || task.getRequest() == null) {
      LOG.debug("reflection task {} dropped: {}", task.getTaskId(), reason);
      tc.metrics().reflection("expired");
      return;
    }
    RankingRequest request = task.getRequest();
    RankingResponse answer = Answers.fallback(request, reason, lookups::popularity,
        Answers.latencyMs(task, context.currentSystemTimeMs()));
    tc.metrics().degraded(metricReason);
    context.forward(new Record<>(task.getUserId(), Routed.to(tc.responseTopic(request), answer), timestamp));
  }
}
