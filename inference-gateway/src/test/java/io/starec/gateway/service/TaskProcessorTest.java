package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RankedItem;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.policy.Feature;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.LoggedFeatures;
import io.starec.core.prompt.PromptOptions;
import io.starec.core.ranking.Rollouts;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.BackendAnswer;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.BackendRequest;
import io.starec.gateway.backend.Completion;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.backend.ErrorKind;
import io.starec.gateway.backend.InferenceBackend;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TaskProcessorTest {

  private final List<CandidateItem> catalogue = Fixtures.catalogue(30, 1);
  private final List<CandidateItem> history = catalogue.subList(0, 6);
  private final List<CandidateItem> candidates = catalogue.subList(10, 30);
  private final GatewayMetrics metrics = new GatewayMetrics();

  /** A backend scripted by a function; counts calls. */
  static final class Scripted implements InferenceBackend {
    final Function<BackendRequest, BackendAnswer> fn;
    final AtomicInteger calls = new AtomicInteger();
    final List<BackendRequest> requests = new ArrayList<>();

    Scripted(Function<BackendRequest, BackendAnswer> fn) {
      this.fn = fn;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public String modelVersion() {
      return "v-test";
    }

    @Override
    public synchronized BackendAnswer complete(BackendRequest r) {
      calls.incrementAndGet();
      requests.add(r);
      return fn.apply(r);
    }
  }

  private TaskProcessor processor(InferenceBackend backend, Resilience r) {
    return new TaskProcessor(backend, r, PromptOptions.defaults(), new RankingParser(), new ReflectionParser(),
        metrics, 60_000, 600_000, Clock.systemUTC());
  }

  private static Resilience quickResilience() {
    return Resilience.of(3, 1, 1.5, 0.5, 5, 50, 4, 4, 60_000, 1);
  }

  private static BackendAnswer text(BackendRequest r, String text) {
    List<Completion> cs = new ArrayList<>();
    for (int i = 0; i < r.rollouts(); i++) {
      cs.add(new Completion(i, text, -1.0 * i, null));
    }
    return new BackendAnswer(cs, "v-test");
  }

  private InferenceTask task(String id, int n) {
    return Fixtures.rank(id, "u1", history, candidates, n, n > 1 ? 1.0 : 0.0, System.currentTimeMillis() + 60_000);
  }

  @Test
  void garbageCompletionsStillGiveFullPermutationsForEveryRollout() {
    Scripted backend = new Scripted(r -> text(r, "<think>hmm</think>\n1. " + candidates.get(5).getTitle()
        + " - best\n2. Invented Film\n3. " + candidates.get(5).getTitle()));

    InferenceResult res = processor(backend, quickResilience()).process(task("t1", 3)).result();

    assertThat(res.getError()).isNull();
    assertThat(res.getOutputs()).hasSize(3).extracting(InferenceOutput::getRollout).containsExactly(0, 1, 2);
    InferenceOutput o = res.getOutputs().get(0);
    assertThat(o.getRanking()).extracting(RankedItem::getItemId).containsExactlyInAnyOrderElementsOf(
        candidates.stream().map(CandidateItem::getItemId).toList());
    assertThat(o.getRanking().get(0).getItemId()).isEqualTo(candidates.get(5).getItemId());
    assertThat(o.getRationale()).isEqualTo("hmm");
    assertThat(o.getParseIssues()).anyMatch(i -> i.startsWith("hallucinated")).anyMatch(i -> i.startsWith("duplicate"))
        .anyMatch(i -> i.startsWith("appended: 19"));
    assertThat(res.getPromptMessages()).hasSize(2);
    assertThat(res.getPromptMessages().get(1).getContent()).contains("Candidate Movies (20)");
    assertThat(res.getBackend()).isEqualTo("scripted");
    assertThat(res.getModelVersion()).isEqualTo("v-test");
    assertThat(backend.requests.get(0).rollouts()).isEqualTo(3);
    assertThat(metrics.count("starec.gateway.parse.issues", "code", "hallucinated")).isEqualTo(3.0);
  }

  @Test
  void unavailableIsRetriedThenAnErrorResultWithoutOutputs() {
    Scripted backend = new Scripted(r -> {
      throw new BackendException(ErrorKind.UNAVAILABLE, "connection refused");
    });

    InferenceResult res = processor(backend, quickResilience()).process(task("t2", 1)).result();

    assertThat(backend.calls.get()).isEqualTo(3);
    assertThat(res.getError()).isEqualTo("unavailable: connection refused");
    assertThat(res.getOutputs()).isEmpty();
    assertThat(res.getTaskId()).isEqualTo("t2");
    assertThat(metrics.count("starec.gateway.errors", "kind", "unavailable")).isEqualTo(1.0);
  }

  @Test
  void modelErrorsAreNotRetriedAndRecoverAfterTransientFailures() {
    Scripted modelError = new Scripted(r -> {
      throw new BackendException(ErrorKind.MODEL_ERROR, "prompt too long");
    });
    assertThat(processor(modelError, quickResilience()).process(task("t3", 1)).result().getError())
        .startsWith("model-error");
    assertThat(modelError.calls.get()).isEqualTo(1);

    AtomicInteger attempt = new AtomicInteger();
    Scripted flaky = new Scripted(r -> {
      if (attempt.incrementAndGet() < 3) {
        throw new BackendException(ErrorKind.RESOURCE_EXHAUSTED, "busy");
      }
      return text(r, "1. " + candidates.get(0).getTitle());
    });
    InferenceResult ok = processor(flaky, quickResilience()).process(task("t4", 1)).result();
    assertThat(ok.getError()).isNull();
    assertThat(ok.getOutputs().get(0).getRanking().get(0).getItemId()).isEqualTo(candidates.get(0).getItemId());
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresAndRefusesCalls() {
    Scripted down = new Scripted(r -> {
      throw new BackendException(ErrorKind.UNAVAILABLE, "down");
    });
    Resilience r = Resilience.of(1, 1, 1, 0, 1, 50, 4, 4, 60_000, 1);
    TaskProcessor p = processor(down, r);

    for (int i = 0; i < 4; i++) {
      assertThat(p.process(task("d" + i, 1)).result().getError()).startsWith("unavailable");
    }
    InferenceResult refused = p.process(task("d9", 1)).result();

    assertThat(refused.getError()).startsWith("circuit-open");
    assertThat(down.calls.get()).isEqualTo(4);
  }

  @Test
  void aDeadlineClaimedFarAheadIsCutToTheConfiguredMaximum() {
    // Given a processor whose clock stands still at now, a 60 s default and a 10 min maximum deadline
    Scripted backend = new Scripted(r -> text(r, ""));
    long now = System.currentTimeMillis();
    TaskProcessor p = new TaskProcessor(backend, quickResilience(), PromptOptions.defaults(), new RankingParser(),
        new ReflectionParser(), metrics, 60_000, 600_000, Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    long tenYears = 10L * 365 * 24 * 3600 * 1000;

    // When tasks claim a deadline ten years ahead, Long.MAX_VALUE, 5 s ahead, and none
    p.process(Fixtures.rank("far", "u1", history, candidates, 1, 0, now + tenYears));
    p.process(Fixtures.rank("max", "u1", history, candidates, 1, 0, Long.MAX_VALUE));
    p.process(Fixtures.rank("near", "u1", history, candidates, 1, 0, now + 5_000));
    p.process(Fixtures.rank("none", "u1", history, candidates, 1, 0, 0));

    // Then the backend works to at most 10 minutes from now; nearer deadlines and the default stay as they are
    assertThat(backend.requests).extracting(BackendRequest::deadlineMs)
        .containsExactly(now + 600_000, now + 600_000, now + 5_000, now + 60_000);
  }

  @Test
  void expiredAndInvalidTasksAnswerWithErrors() {
    Scripted backend = new Scripted(r -> text(r, ""));
    TaskProcessor p = processor(backend, quickResilience());

    InferenceTask expired = Fixtures.rank("x1", "u1", history, candidates, 1, 0, System.currentTimeMillis() - 1);
    assertThat(p.process(expired).result().getError()).startsWith("deadline-exceeded");

    InferenceTask noCandidates = Fixtures.rank("x2", "u1", history, List.of(), 1, 0, System.currentTimeMillis() + 1000);
    TaskProcessor.Outcome invalid = p.process(noCandidates);
    assertThat(invalid.invalidReason()).isEqualTo("RANK task without candidates");
    assertThat(invalid.result().getError()).startsWith("invalid-task");

    InferenceTask dup = Fixtures.rank("x3", "u1", history, List.of(candidates.get(0), candidates.get(0)), 1, 0,
        System.currentTimeMillis() + 1000);
    assertThat(p.process(dup).invalidReason()).startsWith("duplicate candidate");
    assertThat(backend.calls.get()).isZero();
  }

  @Test
  void embeddedBackendAnswersRankAndReflectThroughTheParser() {
    EmbeddedBackend embedded = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());
    TaskProcessor p = processor(embedded, quickResilience());

    InferenceResult rank = p.process(task("e1", 4)).result();
    assertThat(rank.getOutputs()).hasSize(4);
    for (InferenceOutput o : rank.getOutputs()) {
      assertThat(o.getParseIssues()).isEmpty();
      assertThat(o.getRanking()).hasSize(20).allMatch(ri -> ri.getScore() != null);
      assertThat(o.getLogprob()).isNotNull();
    }
    assertThat(rank.getModelVersion()).isEqualTo("embedded/WordsEmbedder/linear-scorer-v1@0");

    InferenceResult reflect = p.process(Fixtures.reflect("e2", "u1", history, catalogue.get(11))).result();
    assertThat(reflect.getOutputs().get(0).getUpdatedDescription()).contains("Did not enjoy");
    assertThat(reflect.getPromptMessages().get(0).getContent()).contains("movie preference analyst");
    assertThat(reflect.getOutputs().get(0).getPolicyFeatures()).isNull();
  }

  @Test
  void embeddedRolloutsCarryTheFeaturesScoresAndOrderOfTheirRanking() {
    // Given the embedded policy and an exploration task: 8 rollouts sampled at temperature 1
    EmbeddedBackend embedded = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());
    TaskProcessor p = processor(embedded, quickResilience());
    List<String> candidateIds = candidates.stream().map(CandidateItem::getItemId).toList();
    // When it is processed
    InferenceResult rank = p.process(task("e1", 8)).result();
    // Then every rollout logs the same candidate set, columns, matrix and pi_old scores ...
    assertThat(rank.getOutputs()).hasSize(8);
    PolicyFeatures first = rank.getOutputs().get(0).getPolicyFeatures();
    assertThat(first.getNames()).isEqualTo(LoggedFeatures.names());
    assertThat(first.getItemIds()).isEqualTo(candidateIds);
    assertThat(first.getValues()).hasSize(20 * Feature.count());
    assertThat(first.getScores()).hasSize(20);
    assertThat(first.getTemperature()).isEqualTo(1.0);
    java.util.Set<List<Integer>> orders = new java.util.HashSet<>();
    for (InferenceOutput o : rank.getOutputs()) {
      PolicyFeatures pf = o.getPolicyFeatures();
      assertThat(pf.getItemIds()).isEqualTo(first.getItemIds());
      assertThat(pf.getValues()).isEqualTo(first.getValues());
      assertThat(pf.getScores()).isEqualTo(first.getScores());
      // ... and an order that is the rollout's ranking as rows, with the scores the ranking reports
      assertThat(pf.getOrder()).hasSize(20);
      for (RankedItem ri : o.getRanking()) {
        int row = pf.getOrder().get(ri.getRank() - 1);
        assertThat(pf.getItemIds().get(row)).isEqualTo(ri.getItemId());
        assertThat(pf.getScores().get(row)).isEqualTo(ri.getScore());
      }
      orders.add(pf.getOrder());
    }
    // and sampling made the rollouts differ
    assertThat(orders).hasSizeGreaterThan(1);
  }

  @Test
  void anExploredServeTaskAlsoGetsTheGreedyRankingInScoreOrder() {
    // Given the embedded policy and an explored SERVE task: 8 samples at temperature 1 plus the served ranking
    EmbeddedBackend embedded = new EmbeddedBackend(new Fixtures.WordsEmbedder(), LinearScorer.defaults());
    InferenceTask explored = task("e1", 8);
    explored.getSampling().setServeGreedy(true);
    // When it is processed
    InferenceResult rank = processor(embedded, quickResilience()).process(explored).result();
    // Then the 8 sampled rollouts come with an extra greedy output -1, without features (it is not trained on)
    assertThat(rank.getOutputs()).extracting(InferenceOutput::getRollout)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, Rollouts.GREEDY);
    InferenceOutput greedy = rank.getOutputs().get(8);
    assertThat(greedy.getPolicyFeatures()).isNull();
    assertThat(greedy.getParseIssues()).isEmpty();
    // and its ranking is in score order, the one a temperature-0 task gets
    List<Double> scores = greedy.getRanking().stream().map(RankedItem::getScore).toList();
    assertThat(scores).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    InferenceOutput served = processor(embedded, quickResilience()).process(task("e1", 1)).result().getOutputs()
        .get(0);
    assertThat(greedy.getRanking()).extracting(RankedItem::getItemId)
        .isEqualTo(served.getRanking().stream().map(RankedItem::getItemId).toList());
  }

  @Test
  void theGreedyCallOfAnExploredServeTaskIsAskedAtTemperatureZero() {
    // Given an LLM-like backend and an explored SERVE task
    Scripted backend = new Scripted(r -> text(r, "1. " + candidates.get(3).getTitle()));
    InferenceTask explored = task("t1", 8);
    explored.getSampling().setServeGreedy(true);
    // When it is processed
    InferenceResult res = processor(backend, quickResilience()).process(explored).result();
    // Then the backend was asked for the 8 samples and then once more, greedily
    assertThat(backend.requests).extracting(BackendRequest::rollouts).containsExactly(8, 1);
    assertThat(backend.requests.get(1).task().getSampling().getTemperature()).isZero();
    assertThat(res.getOutputs()).hasSize(9).last().satisfies(o -> assertThat(o.getRollout()).isEqualTo(-1));
  }

  @Test
  void backendsWithoutFeaturesLeaveThemNull() {
    TaskProcessor p = processor(new Scripted(r -> text(r, "1. whatever")), quickResilience());
    InferenceResult rank = p.process(task("t1", 2)).result();
    assertThat(rank.getOutputs()).hasSize(2).allMatch(o -> o.getPolicyFeatures() == null);
  }
}
