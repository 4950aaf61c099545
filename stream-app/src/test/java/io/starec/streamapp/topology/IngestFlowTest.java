package io.starec.streamapp.topology;

import static io.starec.streamapp.topology.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.CooccurrenceEntry;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InteractionType;
import io.starec.avro.ItemStats;
import io.starec.avro.UserMemory;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestFlowTest {

  private final TopologyHarness h = new TopologyHarness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void historyIsBoundedAtFortyAfterHundredEvents() {
    // Given a catalogue
    h.catalogue(100);
    // When one user has 100 interactions
    for (int i = 1; i <= 100; i++) {
      h.rate("e" + i, "u1", "i" + i, 4, T0 + i);
    }
    // Then memory keeps the last 40, oldest first, and counted all of them
    UserMemory m = h.memory("u1");
    assertThat(m.getHistory()).hasSize(40);
    assertThat(m.getHistory().get(0).getEventId()).isEqualTo("e61");
    assertThat(m.getHistory().get(39).getEventId()).isEqualTo("e100");
    assertThat(m.getInteractionCount()).isEqualTo(100);
    assertThat(m.getUpdatedMs()).isEqualTo(T0 + 100);
  }

  @Test
  void anEventAlreadyInHistoryIsNotAppliedAgain() {
    // Given an applied interaction
    h.catalogue(3);
    h.rate("e1", "u1", "i1", 5, T0);
    // When the same event is re-sent
    h.rate("e1", "u1", "i1", 5, T0);
    // Then history and item stats counted it once
    assertThat(h.memory("u1").getHistory()).hasSize(1);
    assertThat(h.memory("u1").getInteractionCount()).isEqualTo(1);
    assertThat(stats("i1").getInteractionCount()).isEqualTo(1);
    assertThat(h.count("starec.stream.interactions", "outcome", "duplicate")).isEqualTo(1);
  }

  @Test
  void positiveRuleMarksLikesAndItemStatsCountThem() {
    // Given the default rule: rating > 3 or CLICK/PURCHASE
    h.catalogue(3);
    // When
    h.rate("e1", "u1", "i1", 3, T0);
    h.rate("e2", "u2", "i1", 4, T0 + 1);
    h.act("e3", "u3", "i1", InteractionType.CLICK, T0 + 2);
    h.act("e4", "u3", "i1", InteractionType.VIEW, T0 + 3);
    // Then
    assertThat(h.memory("u1").getHistory().get(0).getLiked()).isFalse();
    assertThat(h.memory("u2").getHistory().get(0).getLiked()).isTrue();
    assertThat(h.memory("u3").getHistory()).extracting(HistoryEntry::getLiked).containsExactly(true, false);
    ItemStats s = stats("i1");
    assertThat(s.getInteractionCount()).isEqualTo(4);
    assertThat(s.getLikeCount()).isEqualTo(2);
  }

  @Test
  void coOccurrenceIsCountedBetweenNearbyEventsWithDecay() {
    // Given a user who watched i1 then i2
    h.catalogue(5);
    h.rate("e1", "u1", "i1", 5, T0);
    h.rate("e2", "u1", "i2", 2, T0 + 1);
    // When the user then watches i3, and another user watches i3 right after i2
    h.rate("e3", "u1", "i3", 4, T0 + 2);
    h.rate("e4", "u2", "i2", 4, T0 + 3);
    h.rate("e5", "u2", "i3", 4, T0 + 4);
    // Then i3's sketch holds its predecessors, the nearer ones heavier (decay 0.8)
    List<CooccurrenceEntry> sketch = stats("i3").getCooccurring();
    assertThat(sketch).extracting(CooccurrenceEntry::getItemId).containsExactly("i2", "i1");
    assertThat(sketch).extracting(CooccurrenceEntry::getWeight).containsExactly(2.0, 0.8);
    // and the published item-stats topic carries the aggregate
    Map<String, ItemStats> published = h.itemStats.readKeyValuesToMap();
    assertThat(published.get("i3").getInteractionCount()).isEqualTo(2);
  }

  @Test
  void rankTasksCarryPerCandidateStatsAndCoOccurrenceWithTheHistory() {
    // Given co-occurrence evidence: users went i1 -> i3 twice, i1 -> i4 never
    h.catalogue(5);
    h.rate("a1", "a", "i1", 5, T0);
    h.rate("a2", "a", "i3", 5, T0 + 1);
    h.rate("b1", "b", "i1", 5, T0 + 2);
    h.rate("b2", "b", "i3", 4, T0 + 3);
    h.rate("c1", "c", "i4", 4, T0 + 4);
    // and a user whose last item is i1
    h.rate("u1", "u", "i1", 5, T0 + 5);
    // When that user asks for a ranking
    h.request("r1", "u", List.of("i3", "i4", "i5"), T0 + 10);
    // Then the task carries popularity and the co-occurrence of each candidate with the history
    InferenceTask task = h.tasks.readValue();
    Map<String, CandidateItem> byId = new java.util.HashMap<>();
    task.getCandidates().forEach(c -> byId.put(c.getItemId(), c));
    assertThat(byId.get("i3").getInteractionCount()).isEqualTo(2);
    assertThat(byId.get("i3").getLikeCount()).isEqualTo(2);
    assertThat(byId.get("i3").getCooccurrence()).isEqualTo(2.0);
    assertThat(byId.get("i4").getCooccurrence()).isZero();
    assertThat(byId.get("i5").getInteractionCount()).isZero();
    assertThat(byId.get("i3").getTitle()).isEqualTo("Movie 3");
  }

  @Test
  void aNewUserGetsAColdMemoryFromTheirProfile() {
    // Given a profile
    h.catalogue(2);
    h.profile("u1", "female", "25-34", "writer");
    // When the user's first interaction arrives
    h.rate("e1", "u1", "i1", 5, T0);
    // Then the memory starts from the demographics
    UserMemory m = h.memory("u1");
    assertThat(m.getGender()).isEqualTo("female");
    assertThat(m.getAge()).isEqualTo("25-34");
    assertThat(m.getOccupation()).isEqualTo("writer");
    assertThat(m.getDescription()).isEmpty();
  }

  private ItemStats stats(String itemId) {
    KeyValueStore<String, ValueAndTimestamp<ItemStats>> store = h.driver.getTimestampedKeyValueStore(
        StoreNames.ITEM_STATS);
    return store.get(itemId).value();
  }

  @Test
  void anInteractionOnAnItemMissingFromTheCatalogueIsAppliedAndCounted() {
    // Given a catalogue without item x9 (it may not have arrived yet: the items table and the events are apart)
    h.catalogue(2);
    // When a user interacts with it
    h.rate("e1", "u1", "x9", 5, T0);
    // Then the event is kept, and counted so a client sending wrong ids shows up in the metrics
    assertThat(h.memory("u1").getHistory()).hasSize(1);
    assertThat(h.count("starec.stream.interactions", "outcome", "unknown_item")).isEqualTo(1);
    assertThat(h.count("starec.stream.interactions", "outcome", "applied")).isEqualTo(1);
  }
}
