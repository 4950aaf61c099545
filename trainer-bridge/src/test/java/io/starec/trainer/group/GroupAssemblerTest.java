package io.starec.trainer.group;

import static io.starec.trainer.Fixtures.TP0;
import static io.starec.trainer.Fixtures.TP1;
import static io.starec.trainer.Fixtures.member;
import static io.starec.trainer.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.policy.learn.GroupAdvantages;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAssemblerTest {

  private final GroupAssembler assembler = new GroupAssembler(1_000, 64, 100, Long.MAX_VALUE, 1e-6, 1_000);

  @Test
  void aGroupClosesWhenItHoldsGroupSizeRollouts() {
    // Given a group of 4 whose rollouts arrive out of order
    int[] ranks = {1, 3, 12, 0};
    GroupAssembler.AddResult last = null;
    for (int rollout : new int[] {2, 0, 3, 1}) {
      // When each rollout arrives
      last = assembler.add(member(record("g1", 4, rollout, ranks[rollout]), TP0, rollout), 0);
      if (rollout != 1) {
        assertThat(last.outcome()).isEqualTo(GroupAssembler.Outcome.PENDING);
      }
    }
    // Then the fourth completes it, sorted by rollout, with VeRL advantages
    assertThat(last.outcome()).isEqualTo(GroupAssembler.Outcome.COMPLETED);
    GrpoGroup g = last.completed();
    assertThat(g.partial()).isFalse();
    assertThat(g.status()).isEqualTo(GrpoGroup.Status.OK);
    assertThat(g.members()).extracting(m -> m.record().getRollout()).containsExactly(0, 1, 2, 3);
    assertThat(g.rewards()).containsExactly(1.0, 0.5, -0.5, -1.0);
    assertThat(g.advantages()).containsExactly(GroupAdvantages.compute(new double[] {1.0, 0.5, -0.5, -1.0}));
    assertThat(assembler.openGroups()).isZero();
  }

  @Test
  void aShortGroupIsFlushedAsPartialAfterTheTimeout() {
    assembler.add(member(record("g", 8, 0, 1), TP0, 0), 100);
    assembler.add(member(record("g", 8, 1, 7), TP0, 1), 900);
    // When time passes, but not the timeout since the first record
    assertThat(assembler.expire(1_099)).isEmpty();
    // Then at the timeout it is flushed partial
    List<GrpoGroup> flushed = assembler.expire(1_100);
    assertThat(flushed).singleElement().satisfies(g -> {
      assertThat(g.partial()).isTrue();
      assertThat(g.size()).isEqualTo(2);
      assertThat(g.expectedSize()).isEqualTo(8);
      assertThat(g.trainable()).isTrue();
    });
  }

  @Test
  void groupsWithOneRolloutOrEqualRewardsAreNotTrainable() {
    assembler.add(member(record("single", 8, 0, 1), TP0, 0), 0);
    assembler.add(member(record("flat", 2, 0, 3), TP0, 1), 0);
    GrpoGroup flat = assembler.add(member(record("flat", 2, 1, 4), TP0, 2), 0).completed();
    assertThat(flat.status()).isEqualTo(GrpoGroup.Status.ZERO_VARIANCE);
    assertThat(flat.advantages()).containsOnly(0.0);
    GrpoGroup single = assembler.expire(5_000).get(0);
    assertThat(single.status()).isEqualTo(GrpoGroup.Status.TOO_SMALL);
    assertThat(single.trainable()).isFalse();
  }

  @Test
  void duplicatesAndLateRecordsAreRecognised() {
    assembler.add(member(record("g", 2, 0, 1), TP0, 0), 0);
    assertThat(assembler.add(member(record("g", 2, 0, 1), TP0, 1), 0).outcome())
        .isEqualTo(GroupAssembler.Outcome.DUPLICATE);
    assertThat(assembler.add(member(record("g", 2, 1, 5), TP0, 2), 0).outcome())
        .isEqualTo(GroupAssembler.Outcome.COMPLETED);
    // a redelivered rollout of a closed group does not open a new one-record group
    assertThat(assembler.add(member(record("g", 2, 1, 5), TP0, 3), 0).outcome())
        .isEqualTo(GroupAssembler.Outcome.LATE);
    assertThat(assembler.openGroups()).isZero();
  }

  @Test
  void rankAndReflectRecordsOfOneGroupIdAreSeparateGroups() {
    RewardRecord reflect = RewardRecord.newBuilder(record("g", 2, 0, 1)).setTask(TaskKind.REFLECT).build();
    assembler.add(member(record("g", 2, 0, 1), TP0, 0), 0);
    assertThat(assembler.add(member(reflect, TP0, 1), 0).outcome()).isEqualTo(GroupAssembler.Outcome.PENDING);
    assertThat(assembler.openGroups()).isEqualTo(2);
  }

  @Test
  void overCapacityTheOldestGroupIsFlushedFirst() {
    GroupAssembler small = new GroupAssembler(60_000, 64, 2, Long.MAX_VALUE, 1e-6, 10);
    small.add(member(record("a", 8, 0, 1), TP0, 0), 0);
    small.add(member(record("b", 8, 0, 1), TP0, 1), 1);
    small.add(member(record("c", 8, 0, 1), TP0, 2), 2);
    assertThat(small.expire(3)).extracting(g -> g.key().groupId()).containsExactly("a");
    assertThat(small.openGroups()).isEqualTo(2);
  }

  @Test
  void discardForgetsOpenGroupsOfRevokedPartitions() {
    assembler.add(member(record("a", 8, 0, 1), TP0, 0), 0);
    assembler.add(member(record("b", 8, 0, 1), TP1, 0), 0);
    List<GroupMember> dropped = assembler.discard(TP0::equals);
    assertThat(dropped).extracting(GroupMember::offset).containsExactly(0L);
    assertThat(assembler.openGroups()).isEqualTo(1);
  }

  @Test
  void aCorruptGroupSizeIsCapped() {
    GroupAssembler capped = new GroupAssembler(1_000, 4, 100, Long.MAX_VALUE, 1e-6, 10);
    for (int r = 0; r < 3; r++) {
      capped.add(member(record("g", 1_000_000, r, r + 1), TP0, r), 0);
    }
    assertThat(capped.add(member(record("g", 1_000_000, 3, 9), TP0, 3), 0).outcome())
        .isEqualTo(GroupAssembler.Outcome.COMPLETED);
  }

  @Test
  void overTheByteBudgetTheOldestGroupsAreFlushedUntilItFits() {
    // Given a budget of 250 bytes and records of 100 bytes
    GroupAssembler budget = new GroupAssembler(60_000, 64, 100, 250, 1e-6, 10);
    budget.add(new GroupMember(record("a", 8, 0, 1), TP0, 0, 100), 0);
    budget.add(new GroupMember(record("a", 8, 1, 5), TP0, 1, 100), 1);
    budget.add(new GroupMember(record("b", 8, 0, 1), TP0, 2, 100), 2);
    assertThat(budget.expire(3)).isEmpty();

    // When the open groups are over the budget
    List<GrpoGroup> shed = budget.shedOverBudget();

    // Then the oldest is flushed as partial with both its records, and what is left fits
    assertThat(shed).singleElement().satisfies(g -> {
      assertThat(g.key().groupId()).isEqualTo("a");
      assertThat(g.partial()).isTrue();
      assertThat(g.size()).isEqualTo(2);
    });
    assertThat(budget.openBytes()).isEqualTo(100);
    assertThat(budget.shedOverBudget()).isEmpty();
    // and completed or discarded groups give their bytes back
    budget.add(new GroupMember(record("c", 1, 0, 1), TP1, 0, 100), 4);
    budget.discard(TP0::equals);
    assertThat(budget.openBytes()).isZero();
  }
}
