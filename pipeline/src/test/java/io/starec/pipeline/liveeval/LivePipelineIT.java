package io.starec.pipeline.liveeval;

import io.starec.pipeline.LivePipeline;


import static org.assertj.core.api.Assertions.assertThat;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.research.protocol.EvalData;
import io.starec.research.eval.EvalRequest;
import io.starec.research.protocol.EvalUser;
import io.starec.research.eval.MethodRun;
import io.starec.research.protocol.ProtocolConfig;
import io.starec.research.eval.UserRanking;
import io.starec.testkit.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live pipeline end to end on a tiny synthetic dataset: replay with simulated rankings through the stream app
 * and the embedded-policy gateway, then the evaluation's final rankings.
 */
class LivePipelineIT {

  @TempDir
  Path dataDir;

  @Test
  void replayedHistoriesProduceRewardsReflectionsAndFinalRankings() throws Exception {
    // Given a tiny synthetic MovieLens dataset prepared by the evaluation protocol (8 test, 8 training users)
    SyntheticMovieLens.write(dataDir, 11, 24, 60, 14);
    Dataset dataset = Datasets.load("ml-1m", dataDir);
    EvalData data = EvalData.prepare(dataset, ProtocolConfig.paper().withMinInteractions(0).withUsers(8, 8)
        .withHistoryLength(12));
    List<EvalUser> users = data.testCases(0);
    // and a pipeline (stream app + embedded gateway) on the test broker
    String prefix = KafkaFixture.uniqueId("live");
    LiveEvalMethod method = new LiveEvalMethod("embedded", new LiveEvalMethod.Settings("embedded", null, true, 4,
        "sample", 4, Duration.ofSeconds(60), KafkaFixture.bootstrapServers(), "mock://" + prefix, 2));
    try (LivePipeline pipeline = LivePipeline.start(new LivePipeline.Options(KafkaFixture.bootstrapServers(),
        "mock://" + prefix, prefix).partitions(2).dataset("movies", "ml-1m"))) {

      // When the histories are replayed (the last 4 per test user with simulated rankings) and the users ranked
      AtomicInteger ticks = new AtomicInteger();
      MethodRun run = method.run(pipeline, new EvalRequest(data, 0, users, ticks::addAndGet));

      // Then every test user got a full, non-degraded ranking of their candidates
      assertThat(run.rankings()).hasSize(users.size());
      for (EvalUser u : users) {
        UserRanking r = run.rankings().stream().filter(x -> x.userId().equals(u.userId())).findFirst().orElseThrow();
        assertThat(r.degraded()).isFalse();
        assertThat(new HashSet<>(r.ranking())).isEqualTo(new HashSet<>(u.candidates()));
      }
      assertThat(ticks.get()).isEqualTo(users.size());
      // and the simulated rankings met their feedback: rank rewards were emitted and reflections ran
      var m = pipeline.metrics();
      assertThat(m.count("starec.stream.rewards", "task", "RANK")).isPositive();
      assertThat(m.count("starec.stream.reflections", "event", "requested")).isPositive();
      assertThat(m.count("starec.stream.reflections", "event", "applied")).isPositive();
      assertThat(m.total("starec.stream.degraded")).isZero();
    }
  }
}
