package io.starec.research.learn;

import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.core.policy.learn.RankingContext;
import io.starec.core.policy.learn.SftAnchoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.MemorySnapshot;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.Rating;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.ProtocolConfig;
import io.starec.core.policy.Feature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTrainingRunTest {

  @TempDir
  static Path dir;
  static EvalData data;

  @BeforeAll
  static void syntheticMovieLens() {
    SyntheticMovieLens.write(dir, 42, 400, 200, 40);
    data = EvalData.prepare(Datasets.load("ml-1m", dir), ProtocolConfig.paper().withUsers(100, 100));
  }

  @Test
  void offlineFeaturesFollowStreamAppsRules() {
    OfflineFeatures f = OfflineFeatures.of(data);
    String user = data.trainUserIds().get(0);
    List<Rating> seq = data.sequence(user);
    MemorySnapshot m = f.memory(user);
    // the training target is held out of the user's history and of every statistic
    assertThat(m.getHistory()).hasSize(39);
    assertThat(m.getHistory().get(38).getItemId()).isEqualTo(seq.get(seq.size() - 2).itemId());
    assertThat(m.getHistory()).allSatisfy(e -> assertThat(e.getLiked()).isEqualTo(e.getRating() > 3.0));
    // a candidate carries its counts and its co-occurrence with the history
    String recent = m.getHistory().get(38).getItemId();
    CandidateItem c = f.candidate(recent, m.getHistory());
    assertThat(c.getInteractionCount()).isPositive();
    assertThat(c.getTitle()).isNotBlank();
    EvalUser test = data.testCases(0).get(0);
    RankingContext ctx = f.testContext(test, new io.starec.core.policy.FeatureExtractor(new HashingTextEmbedder(64)));
    assertThat(ctx.features()).hasDimensions(20, Feature.count());
    assertThat(test.candidates().get(ctx.positive())).isEqualTo(test.targetItemId());
  }

  @Test
  void anchoringAndGrpoImproveOnTheUntrainedPolicy() {
    EmbeddedTrainingRun run = new EmbeddedTrainingRun(data, new HashingTextEmbedder(64));
    EmbeddedTrainingRun.Settings s = new EmbeddedTrainingRun.Settings(2, 19, SftAnchoring.Config.defaults(),
        GrpoTrainer.Config.defaults(), 0.01, 20, 32, 10, 0);
    List<String> log = new ArrayList<>();
    EmbeddedTrainingRun.Result r = run.run(s, data.testCases(0), log::add);
    assertThat(r.trainContexts()).isEqualTo(200);
    assertThat(r.curve()).extracting(EmbeddedTrainingRun.CurvePoint::update).containsExactly(0L, 10L, 20L);
    assertThat(r.rollouts()).isEqualTo(20L * 32 * 8);
    List<RankingContext> test = data.testCases(1).stream().map(run::testContext).toList();
    double untrained = EmbeddedTrainingRun.ndcg10(test, r.untrained());
    double anchored = EmbeddedTrainingRun.ndcg10(test, r.anchored());
    // the planted collaborative and genre structure is learnable: anchoring beats the hand-set weights
    assertThat(anchored).isGreaterThan(untrained);
    assertThat(r.grpo()).isNotEqualTo(r.anchored());
    assertThat(log).anySatisfy(l -> assertThat(l).startsWith("SFT anchoring"));
    // and ranking a test case gives a permutation of its candidates
    EvalUser u = data.testCases(1).get(0);
    assertThat(run.rank(u, r.grpo())).containsExactlyInAnyOrderElementsOf(u.candidates());
  }
}
