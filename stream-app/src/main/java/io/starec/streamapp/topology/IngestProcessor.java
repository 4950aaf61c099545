package io.starec.streamapp.topology;

import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.Interaction;
import io.starec.avro.ItemStats;
import io.starec.avro.RewardRecord;
import io.starec.avro.UserMemory;
import io.starec.core.memory.MemoryRules;
import io.starec.streamapp.reflection.ReflectionTrigger;
import io.starec.streamapp.reward.RewardRecords;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Ingest flow, in order: idempotence on eventId (an event already in the history is not re-applied), behaviour
 * analysis against the latest pending prediction for the item (a discrepancy sends a REFLECT task:
 * {@link ReflectionTrigger}), rewards when the interaction is positive and resolves pending rankings
 * ({@link RewardRecords}), the item-stats delta (count, like, co-occurrence with the preceding items), and finally
 * the bounded history.
 */
final class IngestProcessor implements Processor<String, Interaction, String, Routed> {

  private final TopologyContext tc;
  private final ReflectionTrigger reflections;
  private final RewardRecords rewards;
  private ProcessorContext<String, Routed> context;
  private KeyValueStore<String, UserMemory> memories;
  private KeyValueStore<String, InflightTask> inflight;
  private Lookups lookups;

  IngestProcessor(TopologyContext tc) {
    this.tc = tc;
    this.reflections = new ReflectionTrigger(tc.settings(), tc.metrics());
    this.rewards = new RewardRecords(tc.settings());
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.memories = context.getStateStore(StoreNames.USER_MEMORY);
    this.inflight = context.getStateStore(StoreNames.INFLIGHT);
    this.lookups = new Lookups(context, tc.settings());
  }

  @Override
  public void process(Record<String, Interaction> record) {
    Interaction event = record.value();
    if (event == null) {
      tc.metrics().interaction("tombstone");
      return;
    }
    TopologyContext.require(!TopologyContext.blank(event.getEventId()), "interaction without eventId");
    TopologyContext.require(!TopologyContext.blank(event.getUserId()), "interaction without userId");
    TopologyContext.require(!TopologyContext.blank(event.getItemId()), "interaction without itemId");
    TopologyContext.require(record.key() == null || record.key().equals(event.getUserId()),
        "interaction key '" + record.key() + "' is not its userId '" + event.getUserId() + "'");
    tc.requireBoundedId("interaction eventId", event.getEventId());
    tc.requireBoundedId("interaction userId", event.getUserId());
    tc.requireBoundedId("interaction itemId", event.getItemId());
    long now = event.getTimestampMs() > 0 ? event.getTimestampMs() : record.timestamp();
    String future = tc.futureTimeError(now, context.currentSystemTimeMs());
    TopologyContext.require(future == null, "interaction " + future);
    String userId = event.getUserId();
    UserMemory memory = memories.get(userId);
    if (memory == null) {
      memory = MemoryRules.cold(userId, lookups.profile(userId));
    } else if (MemoryRules.hasEvent(memory, event.getEventId())) {
      tc.metrics().interaction("duplicate");
      return;
    }
    boolean liked = tc.settings().positiveRule().isPositive(event.getType(), event.getRating());
    memory = MemoryRules.expirePending(memory, now, tc.settings().limits());

    Optional<ReflectionTrigger.Reflection> reflection =
        reflections.onFeedback(memory, event, liked, now, context.currentSystemTimeMs(), lookups);
    if (reflection.isPresent()) {
      InferenceTask task = reflection.get().task();
      inflight.put(task.getTaskId(), reflection.get().inflight());
      context.forward(new Record<>(userId, Routed.to(tc.topics().inferenceRequests(), task), now));
    }
    if (liked) {
      RewardRecords.Resolution resolution = rewards.onPositive(memory, event, now, lookups::title);
      for (RewardRecord reward : resolution.records()) {
        emitReward(reward, now);
      }
      memory = resolution.memory();
    }
    ItemStats delta = tc.settings().cooccurrence().delta(event.getItemId(), liked, memory.getHistory());
    context.forward(new Record<>(event.getItemId(), Routed.itemDelta(delta), now));

    HistoryEntry entry = HistoryEntry.newBuilder().setEventId(event.getEventId()).setItemId(event.getItemId())
        .setType(event.getType()).setRating(event.getRating()).setLiked(liked).setTimestampMs(now).build();
    memories.put(userId, MemoryRules.appendHistory(memory, entry, tc.settings().limits()));
    if (lookups.item(event.getItemId()) == null) {
      // kept, not refused: the catalogue is a global table apart from the events and may not have the item yet
      tc.metrics().interaction("unknown_item");
    }
    tc.metrics().interaction("applied");
  }

  private void emitReward(RewardRecord reward, long now) {
    tc.metrics().reward(reward.getTask().name());
    context.forward(new Record<>(reward.getGroupId(), Routed.to(tc.topics().trainingRewards(), reward), now));
  }
}
