package io.starec.streamapp.topology;

import io.starec.avro.InflightTask;
import io.starec.avro.RankingRequest;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.StreamTopics;
import io.starec.streamapp.errors.InvalidRecordException;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.task.TaskIds;

/** What every processor of the topology shares: settings, topic names, metrics, and a few small rules. */
record TopologyContext(AppSettings settings, StreamTopics topics, AppMetrics metrics) {

  /** Responses go to the request's replyTo when it is allowed ({@link #replyToAllowed}), else to the responses topic. */
  String responseTopic(RankingRequest request) {
    return replyToAllowed(request) && !blank(request.getReplyTo()) ? request.getReplyTo() : topics.rankingResponses();
  }

  /** No replyTo, the responses topic, or one of reply.to.topics. */
  boolean replyToAllowed(RankingRequest request) {
    String replyTo = request.getReplyTo();
    return blank(replyTo) || replyTo.equals(topics.rankingResponses())
        || settings.bounds().replyToTopics().contains(replyTo);
  }

  /** Whether a SERVE request is also explored: a hash of its id below the configured fraction. */
  boolean sampledForExploration(String requestId) {
    double f = settings.exploreFraction();
    if (f <= 0) {
      return false;
    }
    return (TaskIds.stableHash(requestId) % 10_000) < Math.round(f * 10_000);
  }

  /**
   * Null when {@code eventTimeMs} is acceptable, else why not: a time beyond the wall clock plus the configured
   * skew would stamp every output with it, and the broker refuses such writes. Old (replayed) times are fine.
   */
  String futureTimeError(long eventTimeMs, long wallNowMs) {
    long skew = settings.bounds().timestampMaxFutureMs();
    if (eventTimeMs - wallNowMs <= skew) {
      return null;
    }
    return "timestamp " + eventTimeMs + " is " + (eventTimeMs - wallNowMs) + " ms ahead of the clock (" + wallNowMs
        + "), more than timestamp.max.future.ms " + skew;
  }

  /** Refuses (to the DLQ) an id longer than id.max.chars: ids live in the memory record and in every output. */
  void requireBoundedId(String what, String id) {
    int max = settings.bounds().idMaxChars();
    require(id.length() <= max, what + " of " + id.length() + " chars is longer than id.max.chars " + max);
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidRecordException(message);
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static boolean expired(InflightTask task, long now) {
    return now > task.getDeadlineMs();
  }
}
