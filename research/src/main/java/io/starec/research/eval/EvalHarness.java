package io.starec.research.eval;

import io.starec.core.metric.Cutoffs;
import io.starec.core.metric.MeanNdcg;
import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs methods over the prepared test cases for each seed and computes NDCG@1/5/10/20 (DESIGN §8):
 * 1/log2(rank + 1) when the target's rank is within K, else 0, in percent, averaged over users
 * (a seed) and over the users of all seeds pooled (a method). The same test cases (negatives,
 * candidate order) are given to every method of a seed.
 * A ranking that is missing or not a permutation of the candidates scores the target where it
 * appears (0 when absent) and counts as a parse failure.
 */
public final class EvalHarness {

  private EvalHarness() {}

  /** A seed's result with the NDCG it was computed from, so a method's seeds pool exactly. */
  private record Scored(SeedResult result, MeanNdcg ndcg) {}

  public static EvalReport run(EvalData data, List<EvalMethod> methods, List<Long> seeds, EvalListener listener) {
    long start = System.nanoTime();
    EvalListener l = listener == null ? EvalListener.NONE : listener;
    int users = data.stats().testUsers();
    l.runStarted(methods.size() * seeds.size(), users);
    Map<String, List<Scored>> results = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (long seed : seeds) {
      List<EvalUser> cases = data.testCases(seed);
      for (EvalMethod method : methods) {
        if (errors.containsKey(method.name())) {
          continue;
        }
        l.stepStarted(method.name(), seed, cases.size());
        long t0 = System.nanoTime();
        MethodRun run;
        try {
          run = method.run(new EvalRequest(data, seed, cases, l::usersRanked));
        } catch (Exception e) {
          errors.put(method.name(), e.getClass().getSimpleName() + ": " + e.getMessage());
          l.stepFailed(method.name(), seed, e);
          continue;
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        Scored scored = score(seed, cases, run, wallMs);
        results.computeIfAbsent(method.name(), k -> new ArrayList<>()).add(scored);
        l.stepFinished(method.name(), scored.result());
      }
    }
    List<MethodSummary> summaries = new ArrayList<>();
    for (EvalMethod method : methods) {
      summaries.add(summarise(method.name(), users, results.getOrDefault(method.name(), List.of()),
          errors.get(method.name())));
    }
    return new EvalReport(data.dataset().name(), data.config(), data.stats(), seeds, summaries,
        PaperTable4.forDataset(data.dataset().name()), (System.nanoTime() - start) / 1_000_000);
  }

  /** NDCG@K of one seed, in percent. */
  private static Scored score(long seed, List<EvalUser> cases, MethodRun run, long wallMs) {
    Map<String, UserRanking> byUser = new HashMap<>();
    for (UserRanking r : run.rankings()) {
      byUser.putIfAbsent(r.userId(), r);
    }
    MeanNdcg ndcg = new MeanNdcg(Cutoffs.PAPER);
    int parseFailures = 0;
    int degraded = 0;
    for (EvalUser user : cases) {
      UserRanking r = byUser.get(user.userId());
      List<String> ranking = r == null ? List.of() : r.ranking();
      boolean valid = r != null && isPermutation(ranking, user.candidates());
      if (!valid || r.parseFailure()) {
        parseFailures++;
      }
      if (r != null && r.degraded()) {
        degraded++;
      }
      ndcg.add(ranking, user.targetItemId());
    }
    return new Scored(new SeedResult(seed, ndcg.percents(), cases.size(), parseFailures, degraded, wallMs), ndcg);
  }

  private static MethodSummary summarise(String method, int users, List<Scored> seeds, String error) {
    if (seeds.isEmpty()) {
      return new MethodSummary(method, List.of(), users, 0, 0, 0, 0, List.of(),
          error == null ? "no results" : error);
    }
    MeanNdcg ndcg = new MeanNdcg(Cutoffs.PAPER);
    List<SeedResult> perSeed = new ArrayList<>(seeds.size());
    long rankings = 0;
    long parse = 0;
    long degraded = 0;
    long wall = 0;
    for (Scored s : seeds) {
      SeedResult r = s.result();
      ndcg.merge(s.ndcg());
      perSeed.add(r);
      rankings += r.users();
      parse += r.parseFailures();
      degraded += r.degraded();
      wall += r.wallMs();
    }
    return new MethodSummary(method, ndcg.percents(), users, perSeed.size(),
        rankings == 0 ? 0 : (double) parse / rankings, rankings == 0 ? 0 : (double) degraded / rankings,
        wall, perSeed, error);
  }

  private static boolean isPermutation(List<String> ranking, List<String> candidates) {
    return ranking.size() == candidates.size() && new HashSet<>(ranking).equals(new HashSet<>(candidates));
  }
}
