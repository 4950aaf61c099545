package io.starec.research.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.Rating;
import io.starec.research.dataset.SyntheticMovieLens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDataTest {

  @TempDir static Path dir;
  static Dataset synthetic;

  @BeforeAll
  static void writeSynthetic() {
    SyntheticMovieLens.write(dir, 11, 300, 400, 60);
    synthetic = Datasets.load("ml-1m", dir);
  }

  private static ProtocolConfig small() {
    return ProtocolConfig.paper().withUsers(100, 100);
  }

  @Test
  void sameInputsGiveIdenticalTestCases() {
    // Given the same dataset prepared twice with the same protocol
    EvalData a = EvalData.prepare(synthetic, small());
    EvalData b = EvalData.prepare(synthetic, small());

    // Then users, histories, targets, negatives and candidate order are identical
    assertThat(a.testUserIds()).isEqualTo(b.testUserIds());
    assertThat(a.trainUserIds()).isEqualTo(b.trainUserIds());
    assertThat(a.testCases(1)).isEqualTo(b.testCases(1));
  }

  @Test
  void seedsVaryNegativesButNotUsers() {
    EvalData data = EvalData.prepare(synthetic, small());
    List<EvalUser> s0 = data.testCases(0);
    List<EvalUser> s1 = data.testCases(1);
    assertThat(s0.stream().map(EvalUser::userId)).containsExactlyElementsOf(s1.stream().map(EvalUser::userId).toList());
    assertThat(s0.stream().map(EvalUser::target)).containsExactlyElementsOf(s1.stream().map(EvalUser::target).toList());
    assertThat(s0.stream().map(EvalUser::candidates).toList()).isNotEqualTo(s1.stream().map(EvalUser::candidates).toList());
  }

  @Test
  void testAndTrainingUsersAreDisjointAndSized() {
    EvalData data = EvalData.prepare(synthetic, small());
    assertThat(data.testUserIds()).hasSize(100).doesNotHaveDuplicates();
    assertThat(data.trainUserIds()).hasSize(100).doesNotHaveDuplicates();
    assertThat(data.testUserIds()).doesNotContainAnyElementsOf(data.trainUserIds());
    // another sample seed draws other users
    EvalData other = EvalData.prepare(synthetic, small().withSampleSeed(5));
    assertThat(other.testUserIds()).isNotEqualTo(data.testUserIds());
  }

  @Test
  void negativesAreNeverItemsTheUserTouched() {
    EvalData data = EvalData.prepare(synthetic, small());
    for (long seed = 0; seed < 3; seed++) {
      for (EvalUser user : data.testCases(seed)) {
        Set<String> touched = data.sequence(user.userId()).stream().map(Rating::itemId).collect(Collectors.toSet());
        List<String> negatives = new ArrayList<>(user.candidates());
        assertThat(negatives.remove(user.targetItemId())).isTrue();
        assertThat(user.candidates()).hasSize(20).doesNotHaveDuplicates();
        assertThat(negatives).hasSize(19).doesNotContainAnyElementsOf(touched);
        assertThat(negatives).allSatisfy(item -> assertThat(data.itemIndex(item)).isNotNegative());
      }
    }
  }

  @Test
  void candidatesAreShuffled() {
    EvalData data = EvalData.prepare(synthetic, small());
    Set<Integer> targetPositions = new HashSet<>();
    for (EvalUser user : data.testCases(0)) {
      targetPositions.add(user.candidates().indexOf(user.targetItemId()));
    }
    assertThat(targetPositions.size()).isGreaterThan(10);
  }

  @Test
  void aUsersCaseDependsOnlyOnSeedAndUser() {
    // Given two preparations sampling different numbers of test users
    EvalData few = EvalData.prepare(synthetic, small().withUsers(40, 10));
    EvalData many = EvalData.prepare(synthetic, small().withUsers(150, 10));
    Map<String, EvalUser> manyCases = many.testCases(2).stream().collect(Collectors.toMap(EvalUser::userId, u -> u));

    // Then a user present in both gets the same negatives and candidate order
    int common = 0;
    for (EvalUser user : few.testCases(2)) {
      if (manyCases.containsKey(user.userId())) {
        assertThat(manyCases.get(user.userId())).isEqualTo(user);
        common++;
      }
    }
    assertThat(common).isPositive();
  }

  @Test
  void historyIsTheLast39BeforeTheLastItemInTimeOrder() {
    EvalData data = EvalData.prepare(synthetic, small().withMinInteractions(0));
    for (EvalUser user : data.testCases(0)) {
      List<Rating> sequence = data.sequence(user.userId());
      assertThat(user.target()).isEqualTo(sequence.get(sequence.size() - 1));
      assertThat(user.history()).hasSize(39).isEqualTo(sequence.subList(sequence.size() - 40, sequence.size() - 1));
      assertThat(sequence).isSortedAccordingTo(java.util.Comparator.comparingLong(Rating::timestampMs));
    }
  }

  @Test
  void chronologicalOrderKeepsFileOrderForTies() {
    // Given ratings out of time order with two in the same second
    List<Rating> ratings = List.of(
        new Rating("a", "x3", 5.0, 3000), new Rating("a", "x1", 5.0, 1000),
        new Rating("a", "x2b", 5.0, 2000), new Rating("a", "x2a", 5.0, 2000));
    EvalData data = EvalData.prepare(TestData.of("t", ratings), ProtocolConfig.paper().withMinInteractions(0).withUsers(1, 0).withNegatives(1));

    // Then the sequence is by time, ties in file order
    assertThat(data.sequence("a").stream().map(Rating::itemId)).containsExactly("x1", "x2b", "x2a", "x3");
  }

  @Test
  void filterRunsToAFixpointOrOnce() {
    // Given: item "rare" has 2 interactions; user "c" has 3 interactions, one of them on "rare".
    // Threshold 3: pass 1 removes item "rare", which drops user "c" to 2 -> pass 2 removes "c".
    List<Rating> ratings = new ArrayList<>();
    for (String u : List.of("a", "b", "d")) {
      for (String i : List.of("p", "q", "r")) {
        ratings.add(new Rating(u, i, 4.0, ratings.size()));
      }
    }
    ratings.add(new Rating("c", "p", 4.0, 100));
    ratings.add(new Rating("c", "q", 4.0, 101));
    ratings.add(new Rating("c", "rare", 4.0, 102));
    ratings.add(new Rating("a", "rare", 4.0, 103));
    Dataset ds = TestData.of("t", ratings);
    ProtocolConfig cfg = ProtocolConfig.paper().withMinInteractions(3).withUsers(1, 0).withNegatives(1);

    EvalData fixpoint = EvalData.prepare(ds, cfg);
    EvalData onePass = EvalData.prepare(ds, cfg.withFilter(ProtocolConfig.FilterMode.ONE_PASS));

    assertThat(fixpoint.userIndex("c")).isEqualTo(-1);
    assertThat(fixpoint.itemIndex("rare")).isEqualTo(-1);
    assertThat(fixpoint.stats().filterRounds()).isEqualTo(3);
    assertThat(onePass.userIndex("c")).isNotNegative();
    assertThat(onePass.sequence("c")).hasSize(2);
    assertThat(onePass.stats().filterRounds()).isEqualTo(1);
  }

  @Test
  void tenInteractionFilterRemovesSparseUsersAndItems() {
    // Given a user with 9 ratings next to users with 12
    List<Rating> ratings = new ArrayList<>();
    for (int u = 0; u < 15; u++) {
      int n = u == 0 ? 9 : 12;
      for (int k = 0; k < n; k++) {
        ratings.add(new Rating("u" + u, "i" + k, 4.0, k));
      }
    }
    ratings.add(new Rating("u1", "lonely", 4.0, 99));
    EvalData data = EvalData.prepare(TestData.of("t", ratings), ProtocolConfig.paper().withUsers(2, 2).withNegatives(1));
    assertThat(data.userIndex("u0")).isEqualTo(-1);
    assertThat(data.itemIndex("lonely")).isEqualTo(-1);
    assertThat(data.itemIndex("i10")).isNotNegative(); // 14 users rated it
    assertThat(data.stats().users()).isEqualTo(14);
  }

  @Test
  void fewerEligibleUsersThanRequestedShrinksTheSampleWithANote() {
    EvalData data = EvalData.prepare(TestData.dense(30, 60, 12), ProtocolConfig.paper().withMinInteractions(0).withUsers(1000, 1000));
    assertThat(data.stats().testUsers()).isEqualTo(15);
    assertThat(data.stats().trainUsers()).isEqualTo(15);
    assertThat(data.stats().notes()).singleElement().asString().contains("only 30 eligible users");
  }

  @Test
  void lastPositiveTargetDropsLaterInteractions() {
    // Given a user whose last two ratings are negative
    List<Rating> ratings = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      ratings.add(new Rating("a", "i" + k, k < 6 ? 5.0 : 2.0, k));
    }
    for (int k = 0; k < 30; k++) {
      ratings.add(new Rating("z", "j" + k, 5.0, k));
      ratings.add(new Rating("y", "k" + k, 5.0, k));
    }
    ProtocolConfig cfg = ProtocolConfig.paper().withMinInteractions(0).withUsers(3, 0)
        .withTarget(ProtocolConfig.TargetPolicy.LAST_POSITIVE);
    EvalData data = EvalData.prepare(TestData.of("t", ratings), cfg);

    EvalUser a = data.testCases(0).stream().filter(u -> u.userId().equals("a")).findFirst().orElseThrow();
    assertThat(a.targetItemId()).isEqualTo("i5");
    assertThat(a.historyItemIds()).containsExactly("i0", "i1", "i2", "i3", "i4");
    // later interactions are not training data, and never negatives
    assertThat(data.training(TrainingScope.FULL).items(data.userIndex("a"))).hasSize(5);
    assertThat(a.candidates()).doesNotContain("i6", "i7");
  }

  @Test
  void trainingScopesFollowDesign() {
    EvalData data = EvalData.prepare(synthetic, small().withMinInteractions(0));
    TrainingData full = data.training(TrainingScope.FULL);
    TrainingData sample = data.training(TrainingScope.SAMPLE);
    String test = data.testUserIds().get(0);
    String train = data.trainUserIds().get(0);
    String other = otherUser(data);

    // FULL: everything but the test targets; SAMPLE: training users' last 40 and test histories
    assertThat(full.items(data.userIndex(test))).hasSize(59);
    assertThat(full.items(data.userIndex(train))).hasSize(60);
    assertThat(full.items(data.userIndex(other))).hasSize(60);
    assertThat(sample.items(data.userIndex(test))).hasSize(39);
    assertThat(sample.items(data.userIndex(train))).hasSize(40);
    assertThat(sample.items(data.userIndex(other))).isEmpty();
    assertThat(full.interactions()).isEqualTo(300L * 60 - 100);
    assertThat(sample.interactions()).isEqualTo(100L * 39 + 100L * 40);
    // the target is never in the training data of its user
    for (EvalUser u : data.testCases(0)) {
      int target = data.itemIndex(u.targetItemId());
      assertThat(full.items(data.userIndex(u.userId()))).doesNotContain(target);
    }
    // the replay log is the same interactions in time order
    List<Rating> log = data.interactions(TrainingScope.SAMPLE);
    assertThat(log).hasSize((int) sample.interactions());
    assertThat(log).isSortedAccordingTo(java.util.Comparator.comparingLong(Rating::timestampMs));
  }

  private static String otherUser(EvalData data) {
    Set<String> sampled = new HashSet<>(data.testUserIds());
    sampled.addAll(data.trainUserIds());
    for (int u = 0; u < data.numUsers(); u++) {
      if (!sampled.contains(data.userId(u))) {
        return data.userId(u);
      }
    }
    throw new AssertionError("no unsampled user");
  }

  @Test
  void tooFewUntouchedItemsIsAClearError() {
    EvalData data = EvalData.prepare(TestData.dense(4, 12, 12), ProtocolConfig.paper().withMinInteractions(0).withUsers(2, 2));
    assertThatThrownBy(() -> data.testCases(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fewer than 19 negatives");
  }
}
