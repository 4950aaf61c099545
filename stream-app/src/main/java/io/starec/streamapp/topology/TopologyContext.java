package io.starec.streamapp.topology;

import io.starec.avro.InflightTask;
import io.starec.avro.RankingRequest;
import io.starec.core.reflection.BehaviourAnalysis;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.StreamTopics;
import io.starec.streamapp.errors.InvalidRecordException;
import io.starec.streamapp.metrics.AppMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** What every processor of the topology shares: settings, topic names, metrics, and a few small rules. */
record TopologyContext(AppSettings settings, StreamTopics topics, AppMetrics metrics) {

  static final String RANK_SUFFIX = ":rank";
  static final String REFLECT_SUFFIX = ":reflect";

  BehaviourAnalysis behaviourAnalysis() {
    return new BehaviourAnalysis(settings.likeThreshold());
  }

  /** Responses go to the request's replyTo when it is a sub-topic of the responses topic, else to that topic. */
  String responseTopic(RankingRequest request) {
    String replyTo = request.getReplyTo();
    if (replyTo != null && replyTo.startsWith(topics.rankingResponses() + ".")) {
      return replyTo;
    }
    return topics.rankingResponses();
  }

  static String rankTaskId(String requestId) {
    return requestId + RANK_SUFFIX;
  }

  static String reflectTaskId(String eventId) {
    return eventId + REFLECT_SUFFIX;
  }

  /** A stable 32-bit hash (Kafka's murmur2), the same in every JVM and on every replay. */
  static int stableHash(String s) {
    return Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a SERVE request is also explored: a hash of its id below the configured fraction. */
  boolean sampledForExploration(String requestId) {
    double f = settings.exploreFraction();
    if (f <= 0) {
      return false;
    }
    return (stableHash(requestId) % 10_000) < Math.round(f * 10_000);
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
