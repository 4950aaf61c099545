package io.starec.core.memory;

import static io.starec.core.memory.Fixtures.entry;
import static io.starec.core.memory.Fixtures.items;
import static io.starec.core.memory.Fixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.PendingRanking;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RolloutRanking;
import io.starec.avro.UserMemory;
import io.starec.avro.UserProfile;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryRulesTest {

  private final MemoryLimits limits = new MemoryLimits(40, 3, 1_000, 20);

  @Test
  void coldMemoryTakesDemographicsFromTheProfile() {
    UserProfile profile = UserProfile.newBuilder().setUserId("u1").setGender("female").setAge("25-34")
        .setOccupation("writer").build();
    UserMemory m = MemoryRules.cold("u1", profile);
    assertThat(m.getGender()).isEqualTo("female");
    assertThat(m.getAge()).isEqualTo("25-34");
    assertThat(m.getOccupation()).isEqualTo("writer");
    assertThat(m.getHistory()).isEmpty();
    assertThat(MemoryRules.cold("u2", null).getGender()).isNull();
  }

  @Test
  void historyKeepsTheLastFortyOldestDropped() {
    // Given an empty memory
    UserMemory m = MemoryRules.cold("u1", null);
    // When 100 events are appended
    for (int i = 0; i < 100; i++) {
      m = MemoryRules.appendHistory(m, entry("e" + i, "i" + i, 1_000L + i), limits);
    }
    // Then only the last 40 remain, oldest first, and every event was counted
    assertThat(m.getHistory()).hasSize(40);
    assertThat(m.getHistory().get(0).getEventId()).isEqualTo("e60");
    assertThat(m.getHistory().get(39).getEventId()).isEqualTo("e99");
    assertThat(m.getInteractionCount()).isEqualTo(100);
    assertThat(m.getUpdatedMs()).isEqualTo(1_099L);
    assertThat(MemoryRules.hasEvent(m, "e99")).isTrue();
    assertThat(MemoryRules.hasEvent(m, "e10")).isFalse();
  }

  @Test
  void updatedTimeNeverGoesBackwards() {
    UserMemory m = MemoryRules.appendHistory(MemoryRules.cold("u1", null), entry("a", "i1", 500), limits);
    m = MemoryRules.appendHistory(m, entry("b", "i2", 100), limits);
    assertThat(m.getUpdatedMs()).isEqualTo(500);
  }

  @Test
  void pendingKeepsTheLastNAndDropsExpiredOnes() {
    UserMemory m = MemoryRules.cold("u1", null);
    m = MemoryRules.addPending(m, pending("r1", 0, items(3)), 0, limits);
    m = MemoryRules.addPending(m, pending("r2", 100, items(3)), 100, limits);
    m = MemoryRules.addPending(m, pending("r3", 200, items(3)), 200, limits);
    m = MemoryRules.addPending(m, pending("r4", 300, items(3)), 300, limits);
    assertThat(m.getPending()).extracting(PendingRanking::getRequestId).containsExactly("r2", "r3", "r4");
    // When time passes beyond the TTL of r2 and r3 (ttl 1000)
    UserMemory later = MemoryRules.expirePending(m, 1_250, limits);
    assertThat(later.getPending()).extracting(PendingRanking::getRequestId).containsExactly("r4");
    // And a ranking for the same task replaces the old one
    UserMemory replaced = MemoryRules.addPending(m, pending("r4", 310, items(2)), 310, limits);
    assertThat(replaced.getPending()).extracting(PendingRanking::getRequestId).containsExactly("r2", "r3", "r4");
    assertThat(replaced.getPending().get(2).getCandidateItemIds()).hasSize(2);
  }

  @Test
  void resolvedFlagIsSetOnlyOnTheNamedTasks() {
    UserMemory m = MemoryRules.addPending(MemoryRules.cold("u1", null), pending("r1", 0, items(3)), 0, limits);
    m = MemoryRules.addPending(m, pending("r2", 0, items(3)), 0, limits);
    UserMemory resolved = MemoryRules.markResolved(m, Set.of("r2:rank"));
    assertThat(resolved.getPending()).extracting(PendingRanking::getResolved).containsExactly(false, true);
  }

  @Test
  void resolvingARankingDropsItsPolicyFeatures() {
    // Given two pending rankings whose rollout logged the embedded policy's features
    PolicyFeatures pf = PolicyFeatures.newBuilder().setNames(List.of("liked_sim")).setItemIds(items(3))
        .setValues(List.of(0.1, 0.2, 0.3)).setOrder(List.of(0, 1, 2)).build();
    UserMemory m = MemoryRules.cold("u1", null);
    for (String r : List.of("r1", "r2")) {
      PendingRanking p = pending(r, 0, items(3));
      p.getRollouts().set(0, RolloutRanking.newBuilder(p.getRollouts().get(0)).setPolicyFeatures(pf).build());
      m = MemoryRules.addPending(m, p, 0, limits);
    }
    // When r2 is resolved (its rewards are out)
    UserMemory resolved = MemoryRules.markResolved(m, Set.of("r2:rank"));
    // Then only r2 forgets its features
    assertThat(resolved.getPending().get(0).getRollouts().get(0).getPolicyFeatures()).isEqualTo(pf);
    assertThat(resolved.getPending().get(1).getRollouts().get(0).getPolicyFeatures()).isNull();
    assertThat(resolved.getPending().get(1).getRollouts().get(0).getRankedItemIds()).isEqualTo(items(3));
  }

  @Test
  void snapshotCarriesHistoryItemsInHistoryOrder() {
    UserMemory m = MemoryRules.appendHistory(MemoryRules.cold("u1", null), entry("a", "i1", 1), limits);
    m = MemoryRules.appendHistory(m, entry("b", "i2", 2), limits);
    MemorySnapshot s = MemoryRules.snapshot(m,
        id -> CandidateItem.newBuilder().setItemId(id).setTitle("title " + id).build());
    assertThat(s.getHistory()).extracting(HistoryEntry::getItemId).containsExactly("i1", "i2");
    assertThat(s.getHistoryItems()).extracting(CandidateItem::getTitle).containsExactly("title i1", "title i2");
  }
}
