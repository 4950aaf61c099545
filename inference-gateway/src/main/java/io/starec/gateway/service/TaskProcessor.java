package io.starec.gateway.service;

import io.starec.avro.CandidateItem;
import io.starec.avro.ChatMessage;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.prompt.ChatPrompt;
import io.starec.core.prompt.PromptOptions;
import io.starec.core.prompt.Prompts;
import io.starec.core.ranking.Rollouts;
import io.starec.gateway.backend.BackendAnswer;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.BackendRequest;
import io.starec.gateway.backend.Completion;
import io.starec.gateway.backend.ErrorKind;
import io.starec.gateway.backend.InferenceBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task in, result out, never an exception: validates the task, renders the prompt, calls the backend through
 * retries and the breaker, turns every rollout into an output through the {@link CompletionParser} (which holds
 * the gateway's contract: a RANK ranking is a full permutation of the candidates, its policy features are
 * aligned to it), and turns any failure into a result with {@code error} set and no outputs, so stream-app can
 * fall back.
 */
public final class TaskProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(TaskProcessor.class);

  /** The result, and why the task was invalid (then it also goes to the DLQ), or null. */
  public record Outcome(InferenceResult result, String invalidReason) {}

  private final InferenceBackend backend;
  private final Resilience resilience;
  private final PromptOptions promptOptions;
  private final CompletionParser completionParser;
  private final GatewayMetrics metrics;
  private final long defaultTimeoutMs;
  private final long maxDeadlineMs;
  private final Clock clock;

  /**
   * @param defaultTimeoutMs the deadline of a task without one, from when it is taken
   * @param maxDeadlineMs the latest deadline any task gets, from when it is taken (a claim further ahead is cut)
   */
  public TaskProcessor(InferenceBackend backend, Resilience resilience, PromptOptions promptOptions,
      RankingParser rankingParser, ReflectionParser reflectionParser, GatewayMetrics metrics, long defaultTimeoutMs,
      long maxDeadlineMs, Clock clock) {
    this.backend = backend;
    this.resilience = resilience;
    this.promptOptions = promptOptions;
    this.completionParser = new CompletionParser(rankingParser, reflectionParser, metrics::parseIssue);
    this.metrics = metrics;
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.maxDeadlineMs = maxDeadlineMs;
    this.clock = clock;
  }

  public static TaskProcessor from(GatewayConfig c, InferenceBackend backend, Resilience r, GatewayMetrics m) {
    return new TaskProcessor(backend, r, c.promptOptions(),
        new RankingParser(c.getDouble(GatewayConfig.FUZZY_THRESHOLD)),
        new ReflectionParser(c.getInt(GatewayConfig.DESCRIPTION_MAX_CHARS)), m,
        c.getLong(GatewayConfig.TASK_TIMEOUT_MS), c.getLong(GatewayConfig.TASK_MAX_DEADLINE_MS), Clock.systemUTC());
  }

  public InferenceBackend backend() {
    return backend;
  }

  public Outcome process(InferenceTask task) {
    long start = clock.millis();
    String kind = task.getKind() == null ? "unknown" : task.getKind().name().toLowerCase();
    String invalid = validate(task);
    if (invalid != null) {
      metrics.error(ErrorKind.INVALID_TASK.tag());
      metrics.task(kind, "invalid", Duration.ofMillis(clock.millis() - start));
      return new Outcome(error(task, List.of(), ErrorKind.INVALID_TASK.tag() + ": " + invalid,
          backend.modelVersion(), start), invalid);
    }
    // in milliseconds from now, so neither a far-future claim nor a huge timeout can overflow
    long allowedMs = task.getDeadlineMs() > 0 ? task.getDeadlineMs() - start : defaultTimeoutMs;
    long deadline = start + Math.min(allowedMs, maxDeadlineMs);
    List<ChatMessage> promptMessages = List.of();
    try {
      ChatPrompt prompt = Prompts.forTask(task, promptOptions);
      promptMessages = prompt.messages();
      if (start >= deadline) {
        throw new BackendException(ErrorKind.DEADLINE_EXCEEDED, "task deadline passed before dispatch");
      }
      int n = Math.max(1, task.getSampling().getN());
      BackendRequest request = new BackendRequest(task, prompt, n, deadline);
      BackendAnswer answer = resilience.call(() -> backend.complete(request), deadline);
      List<InferenceOutput> outputs = new ArrayList<>();
      for (Completion c : answer.completions()) {
        outputs.add(completionParser.parse(c, task));
      }
      if (task.getKind() == TaskKind.RANK && task.getSampling().getServeGreedy()) {
        outputs.add(completionParser.parse(greedy(task, prompt, deadline), task));
      }
      long end = clock.millis();
      metrics.task(kind, "ok", Duration.ofMillis(end - start));
      return new Outcome(InferenceResult.newBuilder().setTaskId(task.getTaskId()).setKind(task.getKind())
          .setUserId(task.getUserId()).setOutputs(outputs).setPromptMessages(promptMessages)
          .setBackend(backend.name()).setModelVersion(answer.modelVersion()).setLatencyMs(end - start)
          .setError(null).setCompletedMs(end).build(), null);
    } catch (BackendException e) {
      metrics.error(e.kind().tag());
      metrics.task(kind, "error", Duration.ofMillis(clock.millis() - start));
      LOG.debug("task {} failed: {}", task.getTaskId(), e.describe());
      return new Outcome(error(task, promptMessages, e.describe(), backend.modelVersion(), start), null);
    } catch (RuntimeException e) {
      metrics.error(ErrorKind.INTERNAL.tag());
      metrics.task(kind, "error", Duration.ofMillis(clock.millis() - start));
      LOG.warn("task {} failed unexpectedly", task.getTaskId(), e);
      return new Outcome(error(task, promptMessages, ErrorKind.INTERNAL.tag() + ": " + e, backend.modelVersion(),
          start), null);
    }
  }

  /**
   * The greedy ranking an explored SERVE request is answered with, as rollout {@link Rollouts#GREEDY}: one more
   * backend call at temperature 0 (every backend honours it; for the embedded policy it is the sort by score).
   */
  private Completion greedy(InferenceTask task, ChatPrompt prompt, long deadline) {
    Sampling greedy = Sampling.newBuilder(task.getSampling()).setN(1).setTemperature(0.0).setServeGreedy(false)
        .build();
    InferenceTask greedyTask = InferenceTask.newBuilder(task).setSampling(greedy).build();
    BackendAnswer answer = resilience.call(() -> backend.complete(new BackendRequest(greedyTask, prompt, 1,
        deadline)), deadline);
    if (answer.completions().isEmpty()) {
      throw new BackendException(ErrorKind.INTERNAL, "no greedy completion for the served ranking");
    }
    Completion c = answer.completions().get(0);
    return new Completion(Rollouts.GREEDY, c.text(), c.logprob(), c.scores()); // features: it is not trained on
  }

  private InferenceResult error(InferenceTask task, List<ChatMessage> prompt, String error, String version,
      long start) {
    long end = clock.millis();
    return InferenceResult.newBuilder()
        .setTaskId(task.getTaskId() == null ? "" : task.getTaskId())
        .setKind(task.getKind() == null ? TaskKind.RANK : task.getKind())
        .setUserId(task.getUserId() == null ? "" : task.getUserId())
        .setOutputs(List.of()).setPromptMessages(prompt).setBackend(backend.name()).setModelVersion(version)
        .setLatencyMs(end - start).setError(error).setCompletedMs(end).build();
  }

  /** Why a task cannot be processed, or null. */
  static String validate(InferenceTask t) {
    if (t.getTaskId() == null || t.getTaskId().isBlank()) {
      return "taskId is empty";
    }
    if (t.getKind() == null) {
      return "kind is missing";
    }
    if (t.getMemory() == null) {
      return "memory is missing";
    }
    if (t.getSampling() == null) {
      return "sampling is missing";
    }
    if (t.getSampling().getN() > 64) {
      return "sampling.n " + t.getSampling().getN() + " exceeds 64";
    }
    if (t.getKind() == TaskKind.RANK) {
      if (t.getCandidates() == null || t.getCandidates().isEmpty()) {
        return "RANK task without candidates";
      }
      Set<String> ids = new HashSet<>();
      for (CandidateItem c : t.getCandidates()) {
        if (!ids.add(c.getItemId())) {
          return "duplicate candidate " + c.getItemId();
        }
      }
    } else if (t.getReflection() == null) {
      return "REFLECT task without reflection input";
    }
    return null;
  }
}
