package io.starec.core.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankingRepairTest {

  @Test
  void aFullPermutationIsKeptAsIs() {
    RankingRepair.Repaired r = RankingRepair.repair(List.of("a", "b", "c"), List.of("c", "a", "b"));
    assertThat(r.ranking()).containsExactly("c", "a", "b");
    assertThat(r.changed()).isFalse();
  }

  @Test
  void unknownAndRepeatedIdsGoMissingOnesAreAppendedInRequestOrder() {
    RankingRepair.Repaired r = RankingRepair.repair(List.of("a", "b", "c", "d"), List.of("c", "zz", "c", "a"));
    assertThat(r.ranking()).containsExactly("c", "a", "b", "d");
    assertThat(r.issues()).hasSize(3);
    assertThat(r.issues().get(0)).contains("zz");
  }
}
