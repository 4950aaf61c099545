package io.starec.streamapp.task;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Ids and sampling seeds of the tasks stream-app sends, derived from what caused them (one RANK task per ranking
 * request, one REFLECT task per contradicting event), so that a replay sends the same tasks with the same seeds.
 */
public final class TaskIds {

  private static final String RANK_SUFFIX = ":rank";
  private static final String REFLECT_SUFFIX = ":reflect";

  private TaskIds() {}

  /**
   * The user is part of the id: two users' requests with the same id are two tasks. The user id is
   * length-prefixed, so no pair of ids, whatever characters they hold, yields another pair's task id.
   */
  public static String rank(String userId, String requestId) {
    return userId.length() + ":" + userId + ":" + requestId + RANK_SUFFIX;
  }

  public static String reflect(String eventId) {
    return eventId + REFLECT_SUFFIX;
  }

  /** The sampling seed the gateway gets with a task. */
  public static long seed(String taskId) {
    return stableHash(taskId);
  }

  /** A stable non-negative 32-bit hash (Kafka's murmur2), the same in every JVM and on every replay. */
  public static int stableHash(String s) {
    return Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8)));
  }
}
