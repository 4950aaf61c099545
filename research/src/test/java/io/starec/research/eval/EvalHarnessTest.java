package io.starec.research.eval;

import io.starec.research.baseline.RankingMethod;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.ProtocolConfig;
import io.starec.research.protocol.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalHarnessTest {

  private final EvalData data =
      EvalData.prepare(TestData.dense(40, 200, 15), ProtocolConfig.paper().withMinInteractions(0).withUsers(10, 10));

  private static EvalMethod perUser(String name, RankingMethod m) {
    return new BaselineMethod(name, (d, seed) -> m);
  }

  private static List<String> targetAt(EvalUser u, int position) {
    List<String> r = new ArrayList<>(u.candidates());
    r.remove(u.targetItemId());
    r.add(position, u.targetItemId());
    return r;
  }

  @Test
  void ndcgIsInPercentAveragedOverUsersAndSeeds() {
    // Given an oracle, a method putting the target last, and one putting it third
    List<EvalMethod> methods = List.of(
        perUser("oracle", u -> targetAt(u, 0)),
        perUser("worst", u -> targetAt(u, 19)),
        perUser("third", u -> targetAt(u, 2)));

    // When run over two seeds
    EvalReport report = EvalHarness.run(data, methods, List.of(0L, 1L), null);

    // Then NDCG@1/5/10/20 follow 1/log2(rank+1) within K, as percentages
    assertThat(report.methods().get(0).ndcg()).containsExactly(100.0, 100.0, 100.0, 100.0);
    MethodSummary worst = report.methods().get(1);
    assertThat(worst.ndcg().subList(0, 3)).containsOnly(0.0);
    assertThat(worst.ndcg().get(3)).isCloseTo(100.0 / (Math.log(21) / Math.log(2)), within(1e-9));
    MethodSummary third = report.methods().get(2);
    assertThat(third.ndcg().get(0)).isZero();
    assertThat(third.ndcg().get(1)).isCloseTo(50.0, within(1e-9));
    assertThat(third.seeds()).isEqualTo(2);
    assertThat(third.users()).isEqualTo(10);
    assertThat(third.perSeed()).hasSize(2);
    assertThat(report.seeds()).containsExactly(0L, 1L);
  }

  @Test
  void invalidRankingsCountAsParseFailuresAndRatesAreReported() {
    // Given a method that answers half the users with a truncated ranking, flagged ones degraded
    EvalMethod flaky = new EvalMethod() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public MethodRun run(EvalRequest request) {
        List<UserRanking> out = new ArrayList<>();
        int i = 0;
        for (EvalUser u : request.users()) {
          boolean odd = i++ % 2 == 1;
          List<String> ranking = odd ? u.candidates().subList(0, 5) : u.candidates();
          out.add(new UserRanking(u.userId(), ranking, false, odd));
        }
        return new MethodRun(out);
      }
    };

    EvalReport report = EvalHarness.run(data, List.of(flaky), List.of(0L), null);

    assertThat(report.methods().get(0).parseFailureRate()).isEqualTo(0.5);
    assertThat(report.methods().get(0).degradedRate()).isEqualTo(0.5);
  }

  @Test
  void aFailingMethodIsReportedAndOthersStillRun() {
    EvalMethod broken = new EvalMethod() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public MethodRun run(EvalRequest request) {
        throw new IllegalStateException("backend down");
      }
    };
    List<String> seen = new ArrayList<>();
    EvalListener listener = new EvalListener() {
      @Override
      public void stepFailed(String method, long seed, Exception error) {
        seen.add(method + ":" + error.getMessage());
      }
    };

    EvalReport report = EvalHarness.run(data, List.of(broken, perUser("oracle", u -> targetAt(u, 0))), List.of(0L, 1L), listener);

    assertThat(report.methods().get(0).failed()).isTrue();
    assertThat(report.methods().get(0).error()).contains("backend down");
    assertThat(report.methods().get(1).ndcg().get(0)).isEqualTo(100.0);
    assertThat(seen).containsExactly("broken:backend down");
  }

  @Test
  void everyMethodOfASeedSeesTheSameCases() {
    List<List<EvalUser>> seenCases = new ArrayList<>();
    EvalMethod recorder = new EvalMethod() {
      @Override
      public String name() {
        return "rec";
      }

      @Override
      public MethodRun run(EvalRequest request) {
        seenCases.add(request.users());
        return new MethodRun(request.users().stream().map(u -> UserRanking.clean(u.userId(), u.candidates())).toList());
      }
    };
    EvalHarness.run(data, List.of(recorder), List.of(3L), null);
    assertThat(seenCases).containsExactly(data.testCases(3));
  }
}
