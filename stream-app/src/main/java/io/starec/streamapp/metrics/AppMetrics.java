package io.starec.streamapp.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The stream app's own meters, every one with a description (Prometheus HELP): counters
 * {@code starec_stream_*_total}, the round-trip latency of responses and the size of memory records as histograms
 * ({@code _bucket}), and the NDCG@10 and reward of served rankings once ground truth arrives. Stream threads and
 * exception handlers share one instance; Micrometer meters are thread-safe.
 */
public final class AppMetrics {

  /** Config key under which the instance reaches the exception handlers (Kafka creates them reflectively). */
  public static final String CONFIG_KEY = "starec.metrics.instance";

  public static final String RESPONSES = "starec.stream.responses";
  public static final String RESPONSE_LATENCY = "starec.stream.response.latency";
  public static final String INTERACTIONS = "starec.stream.interactions";
  public static final String REFLECTIONS = "starec.stream.reflections";
  public static final String DLQ = "starec.stream.dlq";
  public static final String MEMORY_RECORD = "starec.stream.memory.record";
  public static final String SERVED_NDCG10 = "starec.stream.served.ndcg10";
  public static final String SERVED_REWARD = "starec.stream.served.reward";

  // up to the 30 s default rank timeout and beyond: where the degraded answers of a missed deadline show
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
  // a changelog record must stay below the broker's 1 MiB message limit
  private static final double[] MEMORY_BUCKETS = {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20};

  private final MeterRegistry registry;
  private final Timer latency;
  private final DistributionSummary memorySize;
  private final DistributionSummary servedNdcg;
  private final DistributionSummary servedReward;

  public AppMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.latency = Timer.builder(RESPONSE_LATENCY)
        .description("Round trip of answered ranking requests, from the stream app receiving the request to its "
            + "response (RankingResponse.latencyMs)")
        .serviceLevelObjectives(LATENCY_BUCKETS).publishPercentiles(0.5, 0.99).register(registry);
    this.memorySize = DistributionSummary.builder(MEMORY_RECORD).baseUnit("bytes")
        .description("Serialized size of user-memory records written to the store (and its changelog)")
        .serviceLevelObjectives(MEMORY_BUCKETS).register(registry);
    this.servedNdcg = DistributionSummary.builder(SERVED_NDCG10)
        .description("NDCG@10 of served agent rankings (rollout 0) when their ground truth arrives").register(registry);
    this.servedReward = DistributionSummary.builder(SERVED_REWARD)
        .description("Rank reward of served agent rankings (rollout 0) when their ground truth arrives")
        .register(registry);
  }

  /** Meters kept in memory only (tests, tools). */
  public static AppMetrics inMemory() {
    return new AppMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A record written to an output topic: responses are counted by outcome (served, degraded, error) and their
   * round trip recorded; the served rollout's reward record gives the NDCG@10 and reward of served rankings.
   */
  public void output(SpecificRecord record) {
    if (record instanceof RankingResponse r) {
      String outcome = r.getError() != null ? "error" : r.getDegraded() ? "degraded" : "served";
      counter(RESPONSES, "Ranking responses by outcome: served (the agent's ranking), degraded (the fallback), "
          + "error (not rankable)", "outcome", outcome).increment();
      if (r.getError() == null) {
        latency.record(Math.max(0, r.getLatencyMs()), TimeUnit.MILLISECONDS);
      }
    } else if (record instanceof RewardRecord r && r.getTask() == TaskKind.RANK && r.getRollout() == 0) {
      servedNdcg.record(r.getNdcgAt10());
      servedReward.record(r.getReward());
    }
  }

  /** The user-memory serde, measuring every record it writes. */
  public Serde<UserMemory> measuringMemory(Serde<UserMemory> serde) {
    Serializer<UserMemory> inner = serde.serializer();
    Serializer<UserMemory> measuring = (topic, memory) -> {
      byte[] bytes = inner.serialize(topic, memory);
      if (bytes != null) {
        memorySize.record(bytes.length);
      }
      return bytes;
    };
    return Serdes.serdeFrom(measuring, serde.deserializer());
  }

  /** A result for an unknown, finished, expired or mismatched task id was dropped. */
  public void resultDropped(String reason) {
    counter("starec.stream.results.dropped", "Inference results dropped instead of applied", "reason", reason)
        .increment();
  }

  /**
   * A record went to the dead letter queue (or, from a global table, was skipped): by stage, and by reason, the
   * class of the error (a bounded set; the message is in the dead letter's headers).
   */
  public void deadLettered(String stage, Throwable error) {
    deadLettered(stage, error == null ? null : error.getClass().getName());
  }

  /** As {@link #deadLettered(String, Throwable)} with the error's class name (null: unknown). */
  public void deadLettered(String stage, String errorClass) {
    String reason = errorClass == null ? "unknown" : errorClass.substring(errorClass.lastIndexOf('.') + 1);
    Counter.builder(DLQ).description("Records sent to the dead letter queue, by stage and error class")
        .tag("stage", stage).tag("reason", reason).register(registry).increment();
  }

  /** Reflection lifecycle: requested, applied, failed, expired. */
  public void reflection(String event) {
    counter(REFLECTIONS, "Reflection tasks by outcome", "event", event).increment();
  }

  /** A reward record was emitted. */
  public void reward(String task) {
    counter("starec.stream.rewards", "Reward records emitted", "task", task).increment();
  }

  /** A degraded (fallback) ranking was served. */
  public void degraded(String reason) {
    counter("starec.stream.degraded", "Degraded fallback rankings served", "reason", reason).increment();
  }

  /** A rank task was sent to the gateway. */
  public void rankTask(String mode) {
    counter("starec.stream.rank.tasks", "Rank tasks sent to the inference gateway", "mode", mode).increment();
  }

  /** A rollout's embedded-policy features were kept for the learner, or dropped because they broke the contract. */
  public void policyFeatures(String outcome) {
    counter("starec.stream.policy.features", "Rollouts by what became of their policy features", "outcome", outcome)
        .increment();
  }

  /**
   * A RANK result broke the gateway's contract: a ranking that is not a permutation of the candidates
   * ({@code ranking}), or policy features not aligned to their ranking ({@code policy_features}).
   */
  public void contractViolation(String violation) {
    counter("starec.stream.contract.violations", "RANK results that broke the gateway's contract", "violation",
        violation).increment();
  }

  /** A ranking request was answered with an error or ignored. */
  public void requestRejected(String reason) {
    counter("starec.stream.requests.rejected", "Ranking requests rejected or ignored", "reason", reason)
        .increment();
  }

  /**
   * An interaction was applied, or ignored as a duplicate; unknown_item: applied, on an item not in the catalogue.
   */
  public void interaction(String outcome) {
    counter(INTERACTIONS, "Interactions by outcome", "outcome", outcome).increment();
  }

  /** A stream thread died: replaced, registry_unreachable (replaced after a back-off) or shutdown. */
  public void threadDeath(String outcome) {
    counter("starec.stream.thread.deaths", "Stream thread deaths by what followed", "outcome", outcome).increment();
  }

  /** Current value of a counter summed over the meters with this tag (0 if it never counted); tests and logs. */
  public double count(String name, String tagKey, String tagValue) {
    return registry.find(name).tag(tagKey, tagValue).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Sum over all tags of a counter. */
  public double total(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** What the live page shows; latency percentiles over the last minutes (Micrometer's decaying window). */
  public Live live() {
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    for (ValueAtPercentile v : latency.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.5) {
        p50 = v.value(TimeUnit.MILLISECONDS);
      } else if (v.percentile() == 0.99) {
        p99 = v.value(TimeUnit.MILLISECONDS);
      }
    }
    long resolved = servedNdcg.count();
    return new Live(count(INTERACTIONS, "outcome", "applied"), count(RESPONSES, "outcome", "served"),
        count(RESPONSES, "outcome", "degraded"), count(RESPONSES, "outcome", "error"), latency.count() == 0 ? null
        : p50, latency.count() == 0 ? null : p99, count(REFLECTIONS, "event", "requested"),
        count(REFLECTIONS, "event", "applied"), resolved, resolved == 0 ? null : servedNdcg.mean(),
        resolved == 0 ? null : servedReward.mean(), total(DLQ));
  }

  /**
   * Totals since start; null where nothing was measured yet.
   *
   * @param p50Ms median round trip (ms) of recent responses
   * @param servedNdcgAt10 mean NDCG@10 of the served rankings resolved so far
   */
  public record Live(double interactions, double served, double degraded, double errors, Double p50Ms,
      Double p99Ms, double reflectionsRequested, double reflectionsApplied, long resolvedRankings,
      Double servedNdcgAt10, Double servedReward, double deadLetters) {}

  private Counter counter(String name, String description, String tagKey, String tagValue) {
    return Counter.builder(name).description(description).tag(tagKey, tagValue).register(registry);
  }
}
