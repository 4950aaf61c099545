package io.starec.streamapp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.schemas.serde.SpecificAvroSerde;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AppMetricsTest {

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AppMetrics metrics = new AppMetrics(prometheus);

  private static RankingResponse response(String requestId, boolean degraded, String error, long latencyMs) {
    return RankingResponse.newBuilder().setRequestId(requestId).setUserId("u1")
        .setRanked(new ArrayList<>(List.of(RankedItem.newBuilder().setItemId("i1").setRank(1).build())))
        .setDegraded(degraded).setError(error).setLatencyMs(latencyMs).build();
  }

  private static RewardRecord reward(TaskKind task, int rollout, double ndcg, double reward) {
    return RewardRecord.newBuilder().setRecordId("g:" + rollout).setTask(task).setGroupId("g").setRollout(rollout)
        .setUserId("u1").setPromptMessages(new ArrayList<>()).setCompletion("").setReward(reward).setNdcgAt10(ndcg)
        .setGroundTruth("{}").setTimestampMs(0).build();
  }

  @Test
  void everyMeterIsPublishedWithHelpTextAndTheLatencyAsAHistogram() {
    // Given one of everything the stream app measures
    metrics.output(response("r1", false, null, 12));
    metrics.output(response("r2", true, null, 31_000));
    metrics.output(response("r3", false, "unknown candidates", 0));
    metrics.output(reward(TaskKind.RANK, 0, 0.63, 0.5));
    metrics.deadLettered("deserialization", new IllegalArgumentException("bad"));
    metrics.reflection("applied");
    metrics.interaction("applied");
    metrics.resultDropped("late");
    metrics.reward("RANK");
    metrics.degraded("deadline");
    metrics.rankTask("SERVE");
    metrics.policyFeatures("kept");
    metrics.contractViolation("ranking");
    metrics.requestRejected("duplicate");
    Serde<UserMemory> serde = metrics.measuringMemory(SpecificAvroSerde.forValue(UserMemory.class,
        Map.of("schema.registry.url", "mock://metrics-" + UUID.randomUUID())));
    serde.serializer().serialize("t", MemoryRules.cold("u1", null));

    // When Prometheus scrapes
    String text = prometheus.scrape();

    // Then every metric family has a non-empty HELP line
    List<String> lines = Arrays.asList(text.split("\n"));
    List<String> families = lines.stream().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
    assertThat(families).hasSizeGreaterThanOrEqualTo(15);
    for (String family : families) {
      assertThat(lines).as("HELP of " + family).anySatisfy(l -> assertThat(l).matches("# HELP " + family + " \\S.*"));
    }
    // and responses by outcome, the round trip in buckets up to a minute, DLQ by stage and reason
    assertThat(text).contains("starec_stream_responses_total{outcome=\"served\"} 1.0",
        "starec_stream_responses_total{outcome=\"degraded\"} 1.0", "starec_stream_responses_total{outcome=\"error\"} 1.0",
        "starec_stream_response_latency_seconds_bucket{le=\"0.025\"} 1",
        "starec_stream_response_latency_seconds_bucket{le=\"60.0\"} 2",
        "starec_stream_response_latency_seconds_count 2",
        "starec_stream_dlq_total{reason=\"IllegalArgumentException\",stage=\"deserialization\"} 1.0",
        "starec_stream_memory_record_bytes_count 1", "starec_stream_served_ndcg10_sum 0.63");
  }

  @Test
  void onlyTheServedRolloutOfARankRewardCountsAsServed() {
    // Given the served rollout, an explored one and a reflection's reward
    metrics.output(reward(TaskKind.RANK, 0, 1.0, 1.0));
    metrics.output(reward(TaskKind.RANK, 3, 0.0, -1.0));
    metrics.output(reward(TaskKind.REFLECT, 0, 0.0, -1.0));
    // Then only the first is a served ranking's outcome
    AppMetrics.Live live = metrics.live();
    assertThat(live.resolvedRankings()).isEqualTo(1);
    assertThat(live.servedNdcgAt10()).isEqualTo(1.0);
    assertThat(live.servedReward()).isEqualTo(1.0);
  }

  @Test
  void theLiveFiguresAreNullUntilMeasured() {
    AppMetrics.Live live = metrics.live();
    assertThat(live.p50Ms()).isNull();
    assertThat(live.p99Ms()).isNull();
    assertThat(live.servedNdcgAt10()).isNull();
    assertThat(live.served()).isZero();
  }
}
