package io.starec.pipeline.demo;

import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.metric.Cutoffs;
import io.starec.core.metric.MeanNdcg;
import io.starec.replay.ParseIssues;
import io.starec.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo counts: interactions replayed, rankings answered (simulated and live) with their round-trip latency
 * (HdrHistogram, client side: request produced to response consumed), and the reward feed, read from the
 * training-rewards topic: record counts and the NDCG of the served rankings whose ground truth arrived.
 */
final class DemoStats implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoStats.class);

  final AtomicLong interactions = new AtomicLong();
  final AtomicLong rankings = new AtomicLong();
  final AtomicLong liveRankings = new AtomicLong();
  final AtomicLong degraded = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong unanswered = new AtomicLong();
  final AtomicLong parseFailures = new AtomicLong();
  final AtomicLong rewardRecords = new AtomicLong();
  final AtomicLong reflectRewards = new AtomicLong();
  final AtomicLong resolved = new AtomicLong();
  /** Guarded by itself: the reward thread adds, the status line reads. */
  private final MeanNdcg ndcg = new MeanNdcg(Cutoffs.PAPER);
  private final Recorder latency = new Recorder(3);
  private final Histogram total = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private KafkaConsumer<String, byte[]> rewards;
  private Thread rewardThread;
  private volatile boolean running = true;

  /** A ranking answered after {@code roundTripNanos}. */
  void answered(RankingResponse r, long roundTripNanos, boolean live) {
    rankings.incrementAndGet();
    if (live) {
      liveRankings.incrementAndGet();
    }
    if (r.getError() != null) {
      errors.incrementAndGet();
    } else {
      if (r.getDegraded()) {
        degraded.incrementAndGet();
      }
      if (ParseIssues.failure(r.getParseIssues())) {
        parseFailures.incrementAndGet();
      }
    }
    latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(roundTripNanos), TimeUnit.MINUTES.toMicros(10)));
  }

  /** Latency since the last call (also added to the run's total). */
  synchronized Histogram interval() {
    Histogram h = latency.getIntervalHistogram();
    total.add(h);
    return h;
  }

  synchronized Histogram total() {
    total.add(latency.getIntervalHistogram());
    return total.copy();
  }

  /** Mean NDCG@K (percent) of the served rankings resolved so far, K in {@link Cutoffs#PAPER}; NaN before the first. */
  double ndcgPercent(int kIndex) {
    synchronized (ndcg) {
      return ndcg.count() == 0 ? Double.NaN : ndcg.percents().get(kIndex);
    }
  }

  /** Follows the training-rewards topic from its start. */
  void followRewards(Properties kafka, Map<String, ?> serdeConfig, Topics topics) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "starec-demo-rewards");
    rewards = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    Deserializer<RewardRecord> d = topics.trainingRewards().valueSerde(serdeConfig).deserializer();
    List<TopicPartition> parts = rewards.partitionsFor(topics.trainingRewards().name()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    rewards.assign(parts);
    rewards.seekToBeginning(parts);
    rewardThread = new Thread(() -> {
      try {
        while (running) {
          for (ConsumerRecord<String, byte[]> rec : rewards.poll(Duration.ofMillis(200))) {
            try {
              reward(d.deserialize(rec.topic(), rec.value()));
            } catch (RuntimeException e) {
              LOG.warn("undecodable reward record: {}", e.toString());
            }
          }
        }
      } catch (WakeupException e) {
        // closing
      } finally {
        rewards.close(Duration.ofSeconds(2));
      }
    }, "starec-demo-rewards");
    rewardThread.setDaemon(true);
    rewardThread.start();
  }

  void reward(RewardRecord r) {
    if (r == null) {
      return;
    }
    rewardRecords.incrementAndGet();
    if (r.getTask() == TaskKind.REFLECT) {
      reflectRewards.incrementAndGet();
      return;
    }
    if (r.getGroupSize() != 1) {
      return; // an explored request was served its greedy ranking, which has no reward record: its G samples are
      // training data, not what the user saw; the non-explored requests are an unbiased sample of what was served
    }
    resolved.incrementAndGet();
    Integer rank = r.getPositiveRank();
    synchronized (ndcg) {
      ndcg.add(rank == null ? 0 : rank);
    }
  }

  @Override
  public void close() {
    running = false;
    if (rewards != null) {
      rewards.wakeup();
    }
    if (rewardThread != null) {
      try {
        rewardThread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
