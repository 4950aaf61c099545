package io.starec.streamapp.reflection;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.Interaction;
import io.starec.avro.ReflectionInput;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.core.reflection.BehaviourAnalysis;
import io.starec.core.reflection.BehaviourAnalysis.Discrepancy;
import io.starec.core.reflection.BehaviourAnalysis.Verdict;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.streamapp.task.TaskIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a reflection starts (paper 4.1.3): an interaction whose feedback contradicts the user's latest pending
 * prediction for the item ({@link BehaviourAnalysis}) asks the gateway for a REFLECT task with the inputs of the
 * paper's Table 2: the description, the item, the prediction and the feedback. The ingest processor sends the
 * task; {@link ReflectionApplier} takes its result.
 */
public final class ReflectionTrigger {

  /** The item metadata a REFLECT task carries; the topology reads it from its global tables. */
  public interface Items {

    /** An item with its statistics and its co-occurrence with {@code history}. */
    CandidateItem candidate(String itemId, List<HistoryEntry> history);

    /** An item of the history itself. */
    CandidateItem historyItem(String itemId);
  }

  /** A REFLECT task for the gateway and the in-flight entry its result will be matched against. */
  public record Reflection(InferenceTask task, InflightTask inflight) {}

  private final AppSettings settings;
  private final BehaviourAnalysis analysis;
  private final AppMetrics metrics;

  public ReflectionTrigger(AppSettings settings, AppMetrics metrics) {
    this.settings = settings;
    this.analysis = new BehaviourAnalysis(settings.likeThreshold());
    this.metrics = metrics;
  }

  /**
   * The reflection an interaction calls for, if any (never while reflection is disabled).
   *
   * @param liked the interaction's feedback, by the positive rule
   * @param eventMs event time, when the task is created
   * @param wallClockMs now by the wall clock, which the task's deadline is kept by (the gateway keeps it so too)
   */
  public Optional<Reflection> onFeedback(UserMemory memory, Interaction event, boolean liked, long eventMs,
      long wallClockMs, Items items) {
    if (!settings.reflectionEnabled()) {
      return Optional.empty();
    }
    Optional<Discrepancy> discrepancy = analysis.discrepancy(memory.getPending(), event.getItemId(), liked);
    if (discrepancy.isEmpty()) {
      return Optional.empty();
    }
    Verdict v = discrepancy.get().verdict();
    String taskId = TaskIds.reflect(event.getEventId());
    ReflectionInput input = ReflectionInput.newBuilder()
        .setItem(items.candidate(event.getItemId(), memory.getHistory())).setPredictedRank(v.predictedRank())
        .setCandidateCount(v.candidateCount()).setPredictedLiked(v.predictedLiked()).setActualLiked(v.actualLiked())
        .setRating(event.getRating()).setInteractionType(event.getType())
        .setRankingRequestId(discrepancy.get().ranking().getRequestId()).build();
    long deadline = wallClockMs + settings.reflectTimeoutMs();
    InferenceTask task = InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.REFLECT)
        .setUserId(event.getUserId()).setRequestId(null).setDomain(settings.domain())
        .setMemory(MemoryRules.snapshot(memory, items::historyItem)).setCandidates(new ArrayList<>())
        .setReflection(input)
        .setSampling(Sampling.newBuilder().setN(1).setTemperature(settings.serveTemperature())
            .setMaxTokens(settings.maxTokens()).setSeed(TaskIds.seed(taskId)).build())
        .setGroupId(taskId).setCreatedMs(eventMs).setDeadlineMs(deadline).build();
    InflightTask inflight = InflightTask.newBuilder().setTaskId(taskId).setKind(TaskKind.REFLECT)
        .setUserId(event.getUserId()).setRequest(null).setGroupId(taskId).setRollouts(1).setCreatedMs(eventMs)
        .setDeadlineMs(deadline).setReflection(input).build();
    metrics.reflection("requested");
    return Optional.of(new Reflection(task, inflight));
  }
}
