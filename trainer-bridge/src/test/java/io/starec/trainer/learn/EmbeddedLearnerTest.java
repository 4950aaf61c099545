package io.starec.trainer.learn;

import static io.starec.trainer.Fixtures.TP0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PolicyUpdate;
import io.starec.avro.RewardRecord;
import io.starec.core.policy.Feature;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.learn.GrpoGroupBatch;
import io.starec.core.policy.learn.LearnerCheckpoint;
import io.starec.trainer.Counters;
import io.starec.trainer.Fixtures;
import io.starec.trainer.TrainerConfig;
import io.starec.trainer.group.GroupAssembler;
import io.starec.trainer.group.GrpoGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedLearnerTest {

  @TempDir
  Path dir;

  private final List<PolicyUpdate> published = new ArrayList<>();
  private final Counters counters = new Counters();

  private TrainerConfig config() {
    return new TrainerConfig(Map.of(TrainerConfig.LEARNER_CHECKPOINT, dir.resolve("ckpt.json").toString(),
        TrainerConfig.LEARNER_GROUPS_PER_UPDATE, "2", TrainerConfig.LEARNER_LEARNING_RATE, "0.05"));
  }

  private static GrpoGroup close(List<RewardRecord> records) {
    GroupAssembler a = new GroupAssembler(1_000, 64, 100, Long.MAX_VALUE, 1e-6, 10);
    GrpoGroup g = null;
    long offset = 0;
    for (RewardRecord r : records) {
      g = a.add(Fixtures.member(r, TP0, offset++), 0).completed();
    }
    return g;
  }

  private GrpoGroup trainableGroup(String id, long seed) {
    double[] w = LinearScorer.defaults().weights();
    for (long s = seed; ; s += 1_000) {
      GrpoGroup g = close(Fixtures.embeddedGroup(id, 8, w, s));
      if (g.trainable()) {
        return g;
      }
    }
  }

  @Test
  void liveGroupsBecomeBatchesWithTheLoggedOldPolicy() {
    GrpoGroup g = trainableGroup("g", 1);
    double[] w = LinearScorer.defaults().weights();
    GrpoGroupBatch b = LiveGroups.toBatch(g, w, w).orElseThrow();
    assertThat(b.size()).isEqualTo(8);
    assertThat(b.features()).hasDimensions(20, Feature.count());
    // pi_old from the logged scores equals pi_ref when both are the default weights
    assertThat(b.oldLogProbs()[0]).containsExactly(b.refLogProbs()[0]);
    assertThat(b.advantages()).containsExactly(g.advantages());
  }

  @Test
  void groupsWithoutFeaturesAreCountedAndSkipped() throws Exception {
    EmbeddedLearner learner = Learners.create(config(), counters, published::add);
    List<RewardRecord> llm = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      llm.add(Fixtures.record("llm", 4, r, 1 + 3 * r));
    }
    learner.onGroup(close(llm), 0);
    assertThat(counters.get(Counters.LEARNER_GROUPS_WITHOUT_FEATURES)).isEqualTo(1);
    assertThat(published).isEmpty();
  }

  @Test
  void everyNGroupsAVersionIsCheckpointedAndPublished() throws Exception {
    // Given a learner that updates every 2 trainable groups
    EmbeddedLearner learner = Learners.create(config(), counters, published::add);
    // When 4 groups arrive
    for (int i = 0; i < 4; i++) {
      learner.onGroup(trainableGroup("g" + i, i + 10), 1_000 + i);
    }
    // Then versions 1 and 2 were published as linear-scorer-v1 payloads the gateway can parse
    assertThat(published).extracting(PolicyUpdate::getVersion).containsExactly(1L, 2L);
    PolicyUpdate last = published.get(1);
    assertThat(last.getKind()).isEqualTo(LinearScorer.KIND);
    assertThat(last.getPolicyName()).isEqualTo("embedded");
    LinearScorer scorer = LinearScorer.fromPolicyUpdate(last);
    assertThat(scorer.version()).isEqualTo(2);
    assertThat(scorer.weights()).containsExactly(learner.weights());
    assertThat(scorer.weights()).isNotEqualTo(LinearScorer.defaults().weights());
    assertThat(last.getMetrics()).containsKeys("mean_reward", "kl", "loss", "step");
    // and the checkpoint holds the published weights, the step and the version
    LearnerCheckpoint c = LearnerCheckpoint.read(dir.resolve("ckpt.json")).orElseThrow();
    assertThat(c.version()).isEqualTo(2);
    assertThat(c.step()).isEqualTo(2);
    assertThat(c.weights()).containsExactly(learner.weights());
    assertThat(c.reference()).containsExactly(LinearScorer.defaults().weights());
  }

  @Test
  void aRestartedLearnerResumesFromItsCheckpoint() throws Exception {
    EmbeddedLearner first = Learners.create(config(), counters, published::add);
    first.onGroup(trainableGroup("a", 1), 0);
    first.onGroup(trainableGroup("b", 2), 0);
    // When a new learner starts on the same checkpoint
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    EmbeddedLearner second;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
    try {
      second = Learners.create(config(), counters, published::add);
    } finally {
      System.setErr(stderr);
    }
    second.republish(5);
    // Then it says so loudly, with the version and where the checkpoint is
    assertThat(log.toString()).contains("WARN", "RESUMES policy version 1", dir.resolve("ckpt.json").toString());
    // and it continues at the checkpointed version and weights, and re-announces them
    assertThat(second.version()).isEqualTo(1);
    assertThat(second.weights()).containsExactly(first.weights());
    assertThat(published).extracting(PolicyUpdate::getVersion).containsExactly(1L, 1L);
    second.onGroup(trainableGroup("c", 3), 0);
    second.onGroup(trainableGroup("d", 4), 0);
    assertThat(published.get(published.size() - 1).getVersion()).isEqualTo(2L);
  }
}
