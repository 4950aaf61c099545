package io.starec.streamapp.topology;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InflightTask;
import io.starec.avro.PendingRanking;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RolloutRanking;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.core.ranking.RankingCheck;
import io.starec.core.ranking.Rollouts;
import io.starec.streamapp.reflection.ReflectionApplier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Result flow. The in-flight store makes results idempotent: a result is applied only while its task is in flight
 * and the task is removed as it is applied, so duplicates, late results and unknown ids are dropped and counted.
 * A RANK result becomes a pending prediction plus the response (each rollout keeps the embedded policy's features,
 * if any, until its reward is emitted); its rankings are checked against the gateway's contract (permutations of
 * the candidates, features aligned to them), not repaired. A REFLECT result rewrites the description
 * ({@link ReflectionApplier}).
 */
final class ResultProcessor implements Processor<String, InferenceResult, String, Routed> {

  private static final Logger LOG = LoggerFactory.getLogger(ResultProcessor.class);

  private final TopologyContext tc;
  private final ReflectionApplier reflections;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, UserMemory> memories;
  private KeyValueStore<String, InflightTask> inflight;
  private Lookups lookups;

  ResultProcessor(TopologyContext tc) {
    this.tc = tc;
    this.reflections = new ReflectionApplier(tc.settings().limits(), tc.metrics());
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.memories = context.getStateStore(StoreNames.USER_MEMORY);
    this.inflight = context.getStateStore(StoreNames.INFLIGHT);
    this.lookups = new Lookups(context, tc.settings());
  }

  @Override
  public void process(Record<String, InferenceResult> record) {
    InferenceResult result = record.value();
    if (result == null) {
      tc.metrics().resultDropped("tombstone");
      return;
    }
    TopologyContext.require(!TopologyContext.blank(result.getTaskId()), "inference result without taskId");
    InflightTask task = inflight.get(result.getTaskId());
    if (task == null) {
      // never sent, already answered (duplicate), or answered by the fallback (late)
      LOG.debug("result for task {} dropped: not in flight", result.getTaskId());
      tc.metrics().resultDropped("not_in_flight");
      return;
    }
    if (task.getKind() != result.getKind() || !task.getUserId().equals(result.getUserId())) {
      LOG.warn("result for task {} dropped: kind {} / user {} do not match the task ({} / {})",
          result.getTaskId(), result.getKind(), result.getUserId(), task.getKind(), task.getUserId());
      tc.metrics().resultDropped("mismatch");
      return;
    }
    inflight.delete(task.getTaskId());
    if (TopologyContext.expired(task, context.currentSystemTimeMs())) {
      // the deadline passed before the punctuator ran: same outcome as if it had
      tc.metrics().resultDropped("late");
      Expiry.answer(tc, context, lookups, task, "deadline missed", "deadline", task.getCreatedMs());
      return;
    }
    if (task.getKind() == TaskKind.RANK) {
      applyRanking(task, result);
    } else {
      reflections.apply(task, result, () -> memoryOf(task.getUserId()))
          .ifPresent(reflected -> memories.put(task.getUserId(), reflected));
    }
  }

  private void applyRanking(InflightTask task, InferenceResult result) {
    RankingRequest request = task.getRequest();
    List<InferenceOutput> outputs = distinctRollouts(result.getOutputs());
    // the group's rollouts are 0..n-1; the greedy output of an explored SERVE request is served, not trained on
    List<InferenceOutput> group = outputs.stream().filter(o -> o.getRollout() >= 0).toList();
    if (result.getError() != null || group.isEmpty()) {
      String reason = "backend error: " + (result.getError() != null ? result.getError() : "no outputs");
      Expiry.answer(tc, context, lookups, task, reason, "error", task.getCreatedMs());
      return;
    }
    List<String> candidates = request.getCandidateItemIds();
    List<List<String>> rankings = new ArrayList<>(outputs.size());
    for (InferenceOutput out : outputs) {
      List<String> ranking = ids(out.getRanking());
      List<String> violations = RankingCheck.permutationViolations(candidates, ranking);
      if (!violations.isEmpty()) {
        // the gateway guarantees permutations: a result that breaks that is failed as a whole, never repaired
        String reason = "rollout " + out.getRollout() + " is not a permutation of the candidates: "
            + String.join("; ", violations);
        LOG.warn("task {} not served: {}", task.getTaskId(), reason);
        tc.metrics().contractViolation("ranking");
        Expiry.answer(tc, context, lookups, task, reason, "contract", task.getCreatedMs());
        return;
      }
      rankings.add(ranking);
    }
    List<RolloutRanking> rollouts = new ArrayList<>(group.size());
    List<String> servedIds = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      InferenceOutput out = outputs.get(i);
      if (out.getRollout() < 0) {
        if (out.getRollout() == Rollouts.GREEDY) {
          servedIds = rankings.get(i);
        }
        continue;
      }
      rollouts.add(RolloutRanking.newBuilder().setRollout(out.getRollout()).setRankedItemIds(rankings.get(i))
          .setCompletion(out.getText()).setPolicyFeatures(features(out, rankings.get(i), task.getTaskId())).build());
    }
    PendingRanking pending = PendingRanking.newBuilder().setRequestId(request.getRequestId())
        .setTaskId(task.getTaskId()).setGroupId(task.getGroupId() != null ? task.getGroupId() : task.getTaskId())
        .setCreatedMs(task.getCreatedMs()).setModelVersion(result.getModelVersion()).setBackend(result.getBackend())
        .setDegraded(false).setCandidateItemIds(new ArrayList<>(candidates))
        .setPromptMessages(new ArrayList<>(result.getPromptMessages())).setRollouts(rollouts).setResolved(false)
        .setReflectTaskId(task.getReflectTaskId()).setServedItemIds(servedIds)
        .setDataSource(request.getDataSource()).build();
    memories.put(task.getUserId(),
        MemoryRules.addPending(memoryOf(task.getUserId()), pending, task.getCreatedMs(), tc.settings().limits()));

    InferenceOutput served = servedOutput(outputs, group);
    List<RankedItem> byRank = byRank(served.getRanking());
    List<RankedItem> ranked = new ArrayList<>(byRank.size());
    for (int i = 0; i < byRank.size(); i++) {
      RankedItem r = byRank.get(i);
      ranked.add(RankedItem.newBuilder().setItemId(r.getItemId()).setRank(i + 1).setScore(r.getScore())
          .setExplanation(r.getExplanation()).build());
    }
    RankingResponse response = RankingResponse.newBuilder().setRequestId(request.getRequestId())
        .setUserId(task.getUserId()).setRanked(ranked).setRationale(served.getRationale())
        .setBackend(result.getBackend()).setModelVersion(result.getModelVersion()).setDegraded(false)
        .setParseIssues(new ArrayList<>(served.getParseIssues()))
        .setLatencyMs(Answers.latencyMs(task, context.currentSystemTimeMs())).setError(null).build();
    context.forward(new Record<>(task.getUserId(), Routed.to(tc.responseTopic(request), response),
        task.getCreatedMs()));
  }

  /** The user's memory, or a cold one (a result may arrive for a user whose memory was never stored). */
  private UserMemory memoryOf(String userId) {
    UserMemory memory = memories.get(userId);
    return memory != null ? memory : MemoryRules.cold(userId, lookups.profile(userId));
  }

  /**
   * The embedded policy's features of a rollout, kept for its reward records; null for LLM backends. The gateway
   * aligns them to the ranking; features that do not describe it are dropped, never re-aligned (the learner then
   * skips the group).
   */
  private PolicyFeatures features(InferenceOutput out, List<String> ranking, String taskId) {
    PolicyFeatures features = out.getPolicyFeatures();
    if (features == null) {
      return null;
    }
    Optional<String> violation = RankingCheck.featuresViolation(features, ranking);
    if (violation.isPresent()) {
      LOG.debug("task {} rollout {}: policy features dropped: {}", taskId, out.getRollout(), violation.get());
      tc.metrics().contractViolation("policy_features");
      tc.metrics().policyFeatures("dropped");
      return null;
    }
    tc.metrics().policyFeatures("kept");
    return features;
  }

  /** One output per rollout index, the first wins. */
  private static List<InferenceOutput> distinctRollouts(List<InferenceOutput> outputs) {
    Set<Integer> seen = new HashSet<>();
    List<InferenceOutput> distinct = new ArrayList<>(outputs.size());
    for (InferenceOutput o : outputs) {
      if (seen.add(o.getRollout())) {
        distinct.add(o);
      }
    }
    return distinct;
  }

  /** The greedy output when there is one, else rollout 0 of the group, else its first rollout. */
  private static InferenceOutput servedOutput(List<InferenceOutput> outputs, List<InferenceOutput> group) {
    for (InferenceOutput o : outputs) {
      if (o.getRollout() == Rollouts.GREEDY) {
        return o;
      }
    }
    for (InferenceOutput o : group) {
      if (o.getRollout() == 0) {
        return o;
      }
    }
    return group.get(0);
  }

  /** The ranking by rank (stable: equal ranks keep their order). */
  private static List<RankedItem> byRank(List<RankedItem> ranking) {
    List<RankedItem> sorted = new ArrayList<>(ranking);
    sorted.sort(Comparator.comparingInt(RankedItem::getRank));
    return sorted;
  }

  private static List<String> ids(List<RankedItem> ranking) {
    List<String> ids = new ArrayList<>(ranking.size());
    for (RankedItem r : byRank(ranking)) {
      ids.add(r.getItemId());
    }
    return ids;
  }
}
