package io.starec.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.starec.avro.CooccurrenceEntry;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InteractionType;
import io.starec.avro.ItemStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CooccurrenceTest {

  private static List<HistoryEntry> history(String... itemIds) {
    List<HistoryEntry> h = new ArrayList<>();
    for (int i = 0; i < itemIds.length; i++) {
      h.add(HistoryEntry.newBuilder().setEventId("e" + i).setItemId(itemIds[i]).setType(InteractionType.VIEW)
          .setLiked(false).setTimestampMs(i).build());
    }
    return h;
  }

  @Test
  void deltaWeighsPrecedingItemsByDistanceWithinTheWindow() {
    // Given a window of 3 and decay 0.5
    Cooccurrence c = new Cooccurrence(3, 0.5, 10, 0.9);
    // When the user picks x after a, b, c, d (d most recent)
    ItemStats delta = c.delta("x", true, history("a", "b", "c", "d"));
    // Then only the last 3 count: d 1.0, c 0.5, b 0.25; the event itself is one (liked) interaction
    assertThat(delta.getInteractionCount()).isEqualTo(1);
    assertThat(delta.getLikeCount()).isEqualTo(1);
    assertThat(delta.getCooccurring()).extracting(CooccurrenceEntry::getItemId).containsExactly("d", "c", "b");
    assertThat(delta.getCooccurring()).extracting(CooccurrenceEntry::getWeight).containsExactly(1.0, 0.5, 0.25);
  }

  @Test
  void theItemItselfAndRepeatsAreFoldedNotPaired() {
    Cooccurrence c = new Cooccurrence(4, 0.5, 10, 0.9);
    ItemStats delta = c.delta("x", false, history("a", "x", "a"));
    // a at distance 1 (1.0) and 3 (0.25) sum to 1.25; x never pairs with itself
    assertThat(delta.getLikeCount()).isZero();
    assertThat(delta.getCooccurring()).hasSize(1);
    assertThat(delta.getCooccurring().get(0).getWeight()).isEqualTo(1.25);
  }

  @Test
  void mergeAddsCountsAndKeepsTheTopN() {
    // Given a sketch bounded at 2 entries
    Cooccurrence c = new Cooccurrence(10, 0.5, 2, 0.9);
    ItemStats s = c.merge(null, c.delta("x", true, history("a", "b", "c")));
    assertThat(s.getCooccurring()).extracting(CooccurrenceEntry::getItemId).containsExactly("c", "b");
    // When more evidence for a arrives
    s = c.merge(s, c.delta("x", false, history("a")));
    s = c.merge(s, c.delta("x", false, history("a")));
    // Then a overtakes b; counts add up
    assertThat(s.getInteractionCount()).isEqualTo(3);
    assertThat(s.getLikeCount()).isEqualTo(1);
    assertThat(s.getCooccurring()).extracting(CooccurrenceEntry::getItemId).containsExactly("a", "c");
    assertThat(s.getCooccurring().get(0).getWeight()).isEqualTo(2.0);
  }

  @Test
  void tiesAreOrderedByItemIdSoMergesAreDeterministic() {
    Cooccurrence c = new Cooccurrence(10, 1.0, 10, 0.9);
    ItemStats s = c.merge(null, c.delta("x", false, history("b", "a", "c")));
    assertThat(s.getCooccurring()).extracting(CooccurrenceEntry::getItemId).containsExactly("a", "b", "c");
  }

  @Test
  void scoreWeighsRecentHistoryMore() {
    Cooccurrence c = new Cooccurrence(10, 0.5, 10, 0.5);
    ItemStats candidate = ItemStats.newBuilder().setItemId("x").setCooccurring(List.of(
        new CooccurrenceEntry("a", 2.0), new CooccurrenceEntry("b", 2.0))).build();
    // a most recent (weight 1), b one step older (0.5), z unrelated
    assertThat(c.score(candidate, history("b", "z", "a"))).isCloseTo(2.0 * 1 + 2.0 * 0.25, within(1e-12));
    assertThat(c.score(candidate, history("z"))).isZero();
    assertThat(c.score(null, history("a"))).isZero();
  }
}
