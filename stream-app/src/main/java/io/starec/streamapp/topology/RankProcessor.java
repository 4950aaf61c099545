package io.starec.streamapp.topology;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.PendingRanking;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.streamapp.errors.InvalidRecordException;
import io.starec.streamapp.task.TaskIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Rank flow: a ranking request becomes a RANK inference task carrying the user's memory and the candidates with
 * their metadata and statistics; the request waits in the in-flight store. Also owns the deadline punctuators of
 * its task: every expired request is answered with the degraded fallback ranking.
 */
final class RankProcessor implements Processor<String, RankingRequest, String, Routed> {

  private final TopologyContext tc;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, UserMemory> memories;
  private KeyValueStore<String, InflightTask> inflight;
  private Lookups lookups;

  RankProcessor(TopologyContext tc) {
    this.tc = tc;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.memories = context.getStateStore(StoreNames.USER_MEMORY);
    this.inflight = context.getStateStore(StoreNames.INFLIGHT);
    this.lookups = new Lookups(context, tc.settings());
    // deadlines are wall-clock: the gateway keeps them by its clock, and a replay of an old log must not find
    // every event-time deadline already passed
    context.schedule(Duration.ofMillis(tc.settings().deadlineCheckIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
        this::expire);
  }

  @Override
  public void process(Record<String, RankingRequest> record) {
    RankingRequest request = record.value();
    if (request == null) {
      tc.metrics().requestRejected("tombstone");
      return;
    }
    TopologyContext.require(!TopologyContext.blank(request.getRequestId()), "ranking request without requestId");
    TopologyContext.require(!TopologyContext.blank(request.getUserId()), "ranking request without userId");
    TopologyContext.require(record.key() == null || record.key().equals(request.getUserId()),
        "ranking request key '" + record.key() + "' is not its userId '" + request.getUserId() + "'");
    tc.requireBoundedId("ranking request requestId", request.getRequestId());
    tc.requireBoundedId("ranking request userId", request.getUserId());
    long now = request.getTimestampMs() > 0 ? request.getTimestampMs() : record.timestamp();
    String future = tc.futureTimeError(now, context.currentSystemTimeMs());
    if (future != null) {
      // answered at the wall clock's time (the broker would refuse its own), then dead-lettered by the
      // processing exception handler with the reason
      reject(request, context.currentSystemTimeMs(), future, List.of(), "future_timestamp");
      throw new InvalidRecordException("ranking request " + future);
    }
    if (!tc.replyToAllowed(request)) {
      reject(request, now, "replyTo '" + request.getReplyTo() + "' is not allowed (reply.to.topics)", List.of(),
          "reply_to_refused");
      return;
    }
    String userId = request.getUserId();
    String responseTopic = tc.responseTopic(request);

    List<String> candidates = request.getCandidateItemIds();
    if (candidates.isEmpty()) {
      reject(request, now, "no candidates", List.of(), "empty");
      return;
    }
    int maxCandidates = tc.settings().bounds().maxCandidates();
    if (candidates.size() > maxCandidates) {
      reject(request, now, candidates.size() + " candidates, more than request.max.candidates " + maxCandidates,
          List.of(), "too_many_candidates");
      return;
    }
    int maxId = tc.settings().bounds().idMaxChars();
    if (candidates.stream().anyMatch(id -> id.length() > maxId)) {
      reject(request, now, "candidate ids longer than id.max.chars " + maxId, List.of(), "candidate_id_too_long");
      return;
    }
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (String id : candidates) {
      if (!seen.add(id)) {
        repeated.add(id);
      }
    }
    if (!repeated.isEmpty()) {
      reject(request, now, "repeated candidate ids: " + repeated, List.of(), "repeated_candidates");
      return;
    }
    List<String> unknown = lookups.unknownItems(candidates);
    if (!unknown.isEmpty()) {
      reject(request, now, "unknown candidate ids: " + unknown, unknown, "unknown_candidates");
      return;
    }

    String taskId = TaskIds.rank(userId, request.getRequestId());
    UserMemory stored = memories.get(userId);
    if (inflight.get(taskId) != null) {
      // the first one's answer is on the way; this one is told why it is not ranked again
      reject(request, now, "duplicate requestId " + request.getRequestId() + ": already in flight", List.of(),
          "duplicate_in_flight");
      return;
    }
    if (answeredBefore(stored, request.getRequestId())) {
      // a re-sent request (e.g. a re-run replay) gets an answer instead of a client-side timeout
      reject(request, now, "duplicate requestId " + request.getRequestId() + ": already answered", List.of(),
          "duplicate");
      return;
    }
    long wallNow = context.currentSystemTimeMs();
    long deadline = request.getDeadlineMs() != null ? request.getDeadlineMs() : wallNow + tc.settings().rankTimeoutMs();
    if (deadline <= wallNow) {
      RankingResponse answer = Answers.fallback(request, "deadline passed before the request arrived",
          lookups::popularity, 0);
      tc.metrics().degraded("deadline");
      context.forward(new Record<>(userId, Routed.to(responseTopic, answer), now));
      return;
    }

    UserMemory memory = stored != null ? stored : MemoryRules.cold(userId, lookups.profile(userId));
    boolean serve = request.getMode() == RankingMode.SERVE;
    boolean explore = !serve || tc.sampledForExploration(request.getRequestId());
    int n = explore ? tc.settings().exploreGroupSize() : 1;
    // an explored SERVE request is still answered with the policy's greedy ranking (DESIGN 5, Explore)
    Sampling sampling = Sampling.newBuilder().setN(n)
        .setTemperature(explore ? tc.settings().exploreTemperature() : tc.settings().serveTemperature())
        .setMaxTokens(tc.settings().maxTokens()).setSeed(TaskIds.seed(taskId)).setServeGreedy(explore && serve)
        .build();
    List<CandidateItem> items = new ArrayList<>(candidates.size());
    for (String id : candidates) {
      items.add(lookups.candidate(id, memory.getHistory()));
    }
    InferenceTask task = InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.RANK).setUserId(userId)
        .setRequestId(request.getRequestId()).setDomain(tc.settings().domain())
        .setMemory(MemoryRules.snapshot(memory, lookups::historyItem)).setCandidates(items).setReflection(null)
        .setSampling(sampling).setGroupId(taskId).setCreatedMs(now).setDeadlineMs(deadline).build();
    RankingRequest normalised = RankingRequest.newBuilder(request).setTimestampMs(now).setDeadlineMs(deadline)
        .build();
    inflight.put(taskId, InflightTask.newBuilder().setTaskId(taskId).setKind(TaskKind.RANK).setUserId(userId)
        .setRequest(normalised).setGroupId(taskId).setRollouts(n).setCreatedMs(now).setDeadlineMs(deadline)
        .setReflectTaskId(memory.getReflectRewardTaskId()).setReceivedMs(wallNow).build());
    tc.metrics().rankTask(explore ? "explore" : "serve");
    context.forward(new Record<>(userId, Routed.to(tc.topics().inferenceRequests(), task), now));
  }

  private static boolean answeredBefore(UserMemory memory, String requestId) {
    if (memory == null) {
      return false;
    }
    for (PendingRanking p : memory.getPending()) {
      if (p.getRequestId().equals(requestId)) {
        return true;
      }
    }
    return false;
  }

  private void reject(RankingRequest request, long now, String error, List<String> unknown, String reason) {
    tc.metrics().requestRejected(reason);
    RankingResponse answer = Answers.error(request, error, unknown);
    context.forward(new Record<>(request.getUserId(), Routed.to(tc.responseTopic(request), answer), now));
  }

  /** Answers every task whose (wall-clock) deadline has passed; late results then find no task. */
  private void expire(long now) {
    List<InflightTask> expired = new ArrayList<>();
    try (KeyValueIterator<String, InflightTask> it = inflight.all()) {
      while (it.hasNext()) {
        KeyValue<String, InflightTask> kv = it.next();
        if (kv.value != null && TopologyContext.expired(kv.value, now)) {
          expired.add(kv.value);
        }
      }
    }
    for (InflightTask task : expired) {
      inflight.delete(task.getTaskId());
      Expiry.answer(tc, context, lookups, task, "deadline missed", "deadline", task.getCreatedMs());
    }
  }
}
