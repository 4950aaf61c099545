package io.starec.topics;

import io.starec.avro.Interaction;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.Item;
import io.starec.avro.ItemStats;
import io.starec.avro.PolicyUpdate;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.UserProfile;
import io.starec.schemas.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of every topic (DESIGN §4): names under one prefix, serdes, partitions and cleanup policies.
 *
 * <p>All user-keyed topics that the stream app joins (interactions, users, ranking requests, inference requests and
 * results) share one partition count, so they are co-partitioned. Tables (items, users, policy updates, item stats)
 * are compacted; event topics are deleted after their retention.
 *
 * <pre>{@code
 * Topics topics = Topics.defaults();                       // starec.items, starec.users, ...
 * Topics perTest = Topics.withPrefix(KafkaFixture.uniqueId("t"));
 * Serde<Interaction> serde = topics.interactions().valueSerde(serdeCfg);
 * }</pre>
 */
public final class Topics {

  public static final String DEFAULT_PREFIX = "starec";
  public static final int DEFAULT_PARTITIONS = 3;

  static final long EVENTS_RETENTION_MS = Duration.ofDays(7).toMillis();
  static final long REQUESTS_RETENTION_MS = Duration.ofDays(1).toMillis();
  static final long DLQ_RETENTION_MS = Duration.ofDays(14).toMillis();

  // Kafka's legal topic characters; the prefix must leave room for the longest suffix within 249 chars.
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_PREFIX = 200;

  private final String prefix;
  private final Topic<String, Item> items;
  private final Topic<String, UserProfile> users;
  private final Topic<String, Interaction> interactions;
  private final Topic<String, RankingRequest> rankingRequests;
  private final Topic<String, RankingResponse> rankingResponses;
  private final Topic<String, InferenceTask> inferenceRequests;
  private final Topic<String, InferenceResult> inferenceResults;
  private final Topic<String, RewardRecord> trainingRewards;
  private final Topic<String, PolicyUpdate> policyUpdates;
  private final Topic<String, ItemStats> itemStats;
  private final Topic<byte[], byte[]> dlq;

  private Topics(String prefix, int partitions) {
    Objects.requireNonNull(prefix, "prefix");
    String p = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (p.isEmpty() || p.length() > MAX_PREFIX || !LEGAL.matcher(p).matches()) {
      throw new IllegalArgumentException("topic prefix must be 1.." + MAX_PREFIX
          + " characters of [a-zA-Z0-9._-], got '" + prefix + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    this.prefix = p;
    items = avro("items", Item.class, partitions, CleanupPolicy.COMPACT, Topic.RETAIN_FOREVER);
    users = avro("users", UserProfile.class, partitions, CleanupPolicy.COMPACT, Topic.RETAIN_FOREVER);
    interactions = avro("interactions", Interaction.class, partitions, CleanupPolicy.DELETE, EVENTS_RETENTION_MS);
    rankingRequests = avro("ranking.requests", RankingRequest.class, partitions, CleanupPolicy.DELETE,
        REQUESTS_RETENTION_MS);
    rankingResponses = avro("ranking.responses", RankingResponse.class, partitions, CleanupPolicy.DELETE,
        REQUESTS_RETENTION_MS);
    inferenceRequests = avro("inference.requests", InferenceTask.class, partitions, CleanupPolicy.DELETE,
        REQUESTS_RETENTION_MS);
    inferenceResults = avro("inference.results", InferenceResult.class, partitions, CleanupPolicy.DELETE,
        REQUESTS_RETENTION_MS);
    trainingRewards = avro("training.rewards", RewardRecord.class, partitions, CleanupPolicy.DELETE,
        EVENTS_RETENTION_MS);
    // a handful of policies, each a key; one partition keeps their versions in one ordered log
    policyUpdates = avro("policy.updates", PolicyUpdate.class, 1, CleanupPolicy.COMPACT, Topic.RETAIN_FOREVER);
    // the stream app's aggregate per item, read back as a global table: any partition count works
    itemStats = avro("item-stats", ItemStats.class, partitions, CleanupPolicy.COMPACT, Topic.RETAIN_FOREVER);
    dlq = new Topic<>(name("dlq"), Serdes.ByteArray(), cfg -> Serdes.ByteArray(), 1, CleanupPolicy.DELETE,
        DLQ_RETENTION_MS);
  }

  /** Topic names {@code starec.*}, {@value #DEFAULT_PARTITIONS} partitions. */
  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX, DEFAULT_PARTITIONS);
  }

  /** Topic names {@code <prefix>.items}, ... (a trailing dot in {@code prefix} is ignored). */
  public static Topics withPrefix(String prefix) {
    return new Topics(prefix, DEFAULT_PARTITIONS);
  }

  /** Topic names under {@code prefix}, with {@code partitions} partitions for the partitioned topics. */
  public static Topics of(String prefix, int partitions) {
    return new Topics(prefix, partitions);
  }

  /** The prefix without its trailing dot, e.g. {@code starec}. */
  public String prefix() {
    return prefix;
  }

  public Topic<String, Item> items() {
    return items;
  }

  public Topic<String, UserProfile> users() {
    return users;
  }

  public Topic<String, Interaction> interactions() {
    return interactions;
  }

  public Topic<String, RankingRequest> rankingRequests() {
    return rankingRequests;
  }

  public Topic<String, RankingResponse> rankingResponses() {
    return rankingResponses;
  }

  public Topic<String, InferenceTask> inferenceRequests() {
    return inferenceRequests;
  }

  public Topic<String, InferenceResult> inferenceResults() {
    return inferenceResults;
  }

  public Topic<String, RewardRecord> trainingRewards() {
    return trainingRewards;
  }

  public Topic<String, PolicyUpdate> policyUpdates() {
    return policyUpdates;
  }

  /** The stream app's item statistics (count, likes, co-occurrence), latest per item id. */
  public Topic<String, ItemStats> itemStats() {
    return itemStats;
  }

  /** Dead letters: original key and value bytes; the error is in the headers. */
  public Topic<byte[], byte[]> dlq() {
    return dlq;
  }

  /** Every topic, in a stable order. */
  public List<Topic<?, ?>> all() {
    return List.of(items, users, interactions, rankingRequests, rankingResponses, inferenceRequests,
        inferenceResults, trainingRewards, policyUpdates, itemStats, dlq);
  }

  private String name(String suffix) {
    return prefix + "." + suffix;
  }

  private <V extends SpecificRecord> Topic<String, V> avro(String suffix, Class<V> type, int partitions,
      CleanupPolicy policy, long retentionMs) {
    Serde<String> keys = Serdes.String();
    return new Topic<>(name(suffix), keys, cfg -> SpecificAvroSerde.forValue(type, cfg), partitions, policy,
        retentionMs);
  }
}
