package io.starec.streamapp;

import io.starec.core.reflection.BehaviourAnalysis;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.memory.PositiveRule;
import io.starec.core.stats.Cooccurrence;
import java.time.Duration;
import java.util.Objects;

/**
 * The behaviour the topology is built with (typed, validated by {@link StreamAppConfig}).
 *
 * @param domain prompt flavour copied into every task: movies or music
 * @param dataSourceName middle part of RewardRecord.dataSource (starec/&lt;name&gt;/rank) for rankings whose request
 *     names no dataSource
 * @param exploreFraction share of SERVE requests also explored (chosen by a hash of the request id)
 * @param rankTimeoutMs how long (wall clock) the gateway has to answer a ranking before the fallback does
 * @param deadlineCheckIntervalMs how often the wall-clock punctuator looks for expired tasks
 * @param reflectionEnabled whether discrepancies ask for reflections (off: a no-reflection baseline)
 * @param bounds what is refused at the door (record sizes, future timestamps, candidates)
 */
public record AppSettings(String domain, String dataSourceName, PositiveRule positiveRule, MemoryLimits limits,
    int likeThreshold, int exploreGroupSize, double exploreFraction, double exploreTemperature,
    double serveTemperature, int maxTokens, long rankTimeoutMs, long reflectTimeoutMs,
    long deadlineCheckIntervalMs, Cooccurrence cooccurrence, boolean reflectionEnabled, InputBounds bounds) {

  public static final int DEFAULT_GROUP_SIZE = 8;
  public static final long DEFAULT_RANK_TIMEOUT_MS = Duration.ofSeconds(30).toMillis();
  public static final long DEFAULT_REFLECT_TIMEOUT_MS = Duration.ofMinutes(2).toMillis();

  public AppSettings {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(dataSourceName, "dataSourceName");
    Objects.requireNonNull(positiveRule, "positiveRule");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cooccurrence, "cooccurrence");
    Objects.requireNonNull(bounds, "bounds");
    if (exploreFraction < 0 || exploreFraction > 1) {
      throw new IllegalArgumentException("explore fraction must be in [0, 1], was " + exploreFraction);
    }
    if (exploreGroupSize < 1 || likeThreshold < 1 || maxTokens < 1 || rankTimeoutMs < 1 || reflectTimeoutMs < 1
        || deadlineCheckIntervalMs < 1) {
      throw new IllegalArgumentException("sizes and timeouts must be positive");
    }
  }

  public static AppSettings defaults() {
    return new AppSettings("movies", "live", PositiveRule.defaults(), MemoryLimits.defaults(),
        BehaviourAnalysis.DEFAULT_LIKE_THRESHOLD, DEFAULT_GROUP_SIZE, 0.0, 1.0, 0.0, 2048, DEFAULT_RANK_TIMEOUT_MS,
        DEFAULT_REFLECT_TIMEOUT_MS, 1_000, Cooccurrence.defaults(), true, InputBounds.defaults());
  }

  public AppSettings withExploreFraction(double fraction) {
    return new AppSettings(domain, dataSourceName, positiveRule, limits, likeThreshold, exploreGroupSize, fraction,
        exploreTemperature, serveTemperature, maxTokens, rankTimeoutMs, reflectTimeoutMs, deadlineCheckIntervalMs,
        cooccurrence, reflectionEnabled, bounds);
  }

  public AppSettings withRankTimeoutMs(long timeoutMs) {
    return new AppSettings(domain, dataSourceName, positiveRule, limits, likeThreshold, exploreGroupSize,
        exploreFraction, exploreTemperature, serveTemperature, maxTokens, timeoutMs, reflectTimeoutMs,
        deadlineCheckIntervalMs, cooccurrence, reflectionEnabled, bounds);
  }

  public AppSettings withDataSourceName(String name) {
    return new AppSettings(domain, name, positiveRule, limits, likeThreshold, exploreGroupSize, exploreFraction,
        exploreTemperature, serveTemperature, maxTokens, rankTimeoutMs, reflectTimeoutMs, deadlineCheckIntervalMs,
        cooccurrence, reflectionEnabled, bounds);
  }

  public AppSettings withReflectionEnabled(boolean enabled) {
    return new AppSettings(domain, dataSourceName, positiveRule, limits, likeThreshold, exploreGroupSize,
        exploreFraction, exploreTemperature, serveTemperature, maxTokens, rankTimeoutMs, reflectTimeoutMs,
        deadlineCheckIntervalMs, cooccurrence, enabled, bounds);
  }

  public AppSettings withBounds(InputBounds newBounds) {
    return new AppSettings(domain, dataSourceName, positiveRule, limits, likeThreshold, exploreGroupSize,
        exploreFraction, exploreTemperature, serveTemperature, maxTokens, rankTimeoutMs, reflectTimeoutMs,
        deadlineCheckIntervalMs, cooccurrence, reflectionEnabled, newBounds);
  }

  public String rankDataSource() {
    return rankDataSource(null);
  }

  public String reflectDataSource() {
    return reflectDataSource(null);
  }

  /** starec/&lt;name&gt;/rank with the request's data source name, or {@link #dataSourceName} when it has none. */
  public String rankDataSource(String requestDataSource) {
    return "starec/" + nameOr(requestDataSource) + "/rank";
  }

  public String reflectDataSource(String requestDataSource) {
    return "starec/" + nameOr(requestDataSource) + "/reflect";
  }

  private String nameOr(String requestDataSource) {
    return requestDataSource == null || requestDataSource.isBlank() ? dataSourceName : requestDataSource;
  }
}
