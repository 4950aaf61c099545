package io.starec.trainer.learn;

import io.starec.avro.PolicyUpdate;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.learn.GrpoGroupBatch;
import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.core.policy.learn.LearnerCheckpoint;
import io.starec.trainer.Counters;
import io.starec.trainer.GroupListener;
import io.starec.trainer.group.GrpoGroup;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded GRPO learner on the live feed: collects trainable groups whose rollouts carry the embedded
 * policy's features, and every {@code groupsPerUpdate} of them takes one GRPO update (clipped objective, k3 KL to
 * the anchored reference, Adam), checkpoints, and publishes the new weights as a {@link PolicyUpdate} of kind
 * {@value LinearScorer#KIND} (what the gateway's embedded policy hot-swaps).
 *
 * <p>Order: checkpoint (atomic) first, then publish. A crash in between re-publishes the checkpointed version at
 * the next start; a failed publish skips that version (the next update publishes a higher one). Either way a
 * version number never carries two different weight sets. The pending groups are consumed by the update even
 * when publishing fails, so a broken broker connection does not replay them into the next update.
 */
public final class EmbeddedLearner implements GroupListener {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedLearner.class);

  private final GrpoTrainer trainer;
  private final PolicyPublisher publisher;
  private final Path checkpoint;
  private final String policyName;
  private final int groupsPerUpdate;
  private final Counters counters;
  private final List<GrpoGroupBatch> pending = new ArrayList<>();
  private double pendingRewardSum;
  private long pendingRollouts;
  private long version;
  private volatile long lastUpdateNanos;
  private volatile double lastThroughput;

  /**
   * @param version the last published version (0 = none)
   */
  public EmbeddedLearner(GrpoTrainer trainer, long version, PolicyPublisher publisher, Path checkpoint,
                         String policyName, int groupsPerUpdate, Counters counters) {
    this.trainer = trainer;
    this.version = version;
    this.publisher = publisher;
    this.checkpoint = checkpoint;
    this.policyName = policyName;
    this.groupsPerUpdate = groupsPerUpdate;
    this.counters = counters;
  }

  /** Publishes the current version again (after a restart: the topic may lack the checkpointed version). */
  public void republish(long nowMs) throws Exception {
    if (version > 0) {
      publisher.publish(update(nowMs, Map.of()));
    }
  }

  @Override
  public void onGroup(GrpoGroup group, long nowMs) throws Exception {
    var batch = LiveGroups.toBatch(group, trainer.weights(), trainer.reference());
    if (batch.isEmpty()) {
      counters.inc(Counters.LEARNER_GROUPS_WITHOUT_FEATURES);
      return;
    }
    counters.inc(Counters.LEARNER_GROUPS);
    pending.add(batch.get());
    for (double r : group.rewards()) {
      pendingRewardSum += r;
    }
    pendingRollouts += group.size();
    if (pending.size() >= groupsPerUpdate) {
      step(nowMs);
    }
  }

  private void step(long nowMs) throws Exception {
    long t0 = System.nanoTime();
    GrpoTrainer.UpdateStats stats = trainer.update(List.copyOf(pending), pendingRewardSum / pendingRollouts,
        pendingRollouts);
    long rollouts = pendingRollouts;
    pending.clear();
    pendingRewardSum = 0;
    pendingRollouts = 0;
    version++;
    LearnerCheckpoint.of(trainer, version).write(checkpoint);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("step", (double) stats.step());
    metrics.put("groups", (double) stats.groups());
    metrics.put("mean_reward", stats.meanReward());
    metrics.put("loss", stats.loss());
    metrics.put("kl", stats.meanKl());
    metrics.put("clip_fraction", stats.clipFraction());
    publisher.publish(update(nowMs, metrics));
    long nanos = System.nanoTime() - t0;
    lastUpdateNanos = nanos;
    lastThroughput = rollouts / Math.max(1e-9, nanos / 1e9);
    counters.inc(Counters.LEARNER_UPDATES);
    LOG.info("published {} v{} (step {}, {} groups, mean reward {}, kl {})", policyName, version, stats.step(),
        stats.groups(), String.format("%.3f", stats.meanReward()), String.format("%.4f", stats.meanKl()));
  }

  private PolicyUpdate update(long nowMs, Map<String, Double> metrics) {
    double[] w = trainer.weights();
    LinearScorer scorer = new LinearScorer(w, 0.0, version);
    return PolicyUpdate.newBuilder().setPolicyName(policyName).setVersion(version).setKind(LinearScorer.KIND)
        .setPayload(ByteBuffer.wrap(scorer.toJson())).setUri(null).setMetrics(new LinkedHashMap<>(metrics))
        .setCreatedMs(nowMs).build();
  }

  public long version() {
    return version;
  }

  public double[] weights() {
    return trainer.weights();
  }

  /** Reward records per second of the last update's optimisation (excluding Kafka and export work). */
  public double lastThroughput() {
    return lastThroughput;
  }

  public long lastUpdateNanos() {
    return lastUpdateNanos;
  }

  @Override
  public void close() {
    publisher.close();
  }
}
