package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.research.dataset.Dataset;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.DatasetUser;
import io.starec.research.dataset.Rating;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayLogTest {

  private static Dataset dataset(List<Rating> ratings, int items) {
    Map<String, DatasetItem> catalogue = new LinkedHashMap<>();
    for (int i = 1; i <= items; i++) {
      catalogue.put("" + i, new DatasetItem("" + i, "Movie " + i, 1990, List.of("Drama"), null, Map.of()));
    }
    Map<String, DatasetUser> users = new LinkedHashMap<>();
    ratings.forEach(r -> users.putIfAbsent(r.userId(), DatasetUser.anonymous(r.userId())));
    return new Dataset("toy", catalogue, users, ratings::stream, true);
  }

  @Test
  void ordersByTimestampThenUserIdOrder() {
    // Given ratings in file order with a tie at t=2000 between users 10 and 9
    List<Rating> ratings = List.of(new Rating("10", "1", 5.0, 2_000_000L), new Rating("9", "2", 3.0, 2_000_000L),
        new Rating("9", "3", 4.0, 1_000_000_000_000L), new Rating("10", "4", 1.0, 1_500_000_000_000L));

    // When the log is built
    ReplayLog log = ReplayLog.fromDataset(dataset(ratings, 5), ReplayLog.Selection.all());

    // Then events are in time order, and the tie goes to user 9 (numeric id order)
    assertThat(log.size()).isEqualTo(4);
    List<String> order = new ArrayList<>();
    for (int e = 0; e < log.size(); e++) {
      order.add(log.userId(e) + "/" + log.itemId(e));
    }
    assertThat(order).containsExactly("9/2", "10/1", "9/3", "10/4");
    assertThat(log.eventId(0)).isEqualTo("toy:9:2:2000000");
    assertThat(log.rating(0)).isEqualTo(3.0);
  }

  @Test
  void selectsUsersAndTimeWindow() {
    // Given three users, each with two ratings, at times t1 and t2 = 2 * t1
    long d10 = 1_000_000_000_000L;
    List<Rating> ratings = new ArrayList<>();
    for (String u : List.of("3", "1", "2")) {
      ratings.add(new Rating(u, "1", 4.0, d10));
      ratings.add(new Rating(u, "2", 4.0, 2 * d10));
    }

    // When two users and only the second half of the time are selected
    ReplayLog log = ReplayLog.fromDataset(dataset(ratings, 3), new ReplayLog.Selection(2, 2 * d10, null));

    // Then the first two users in id order remain, with their later rating only
    assertThat(log.users()).extracting(DatasetUser::userId).containsExactly("1", "2");
    assertThat(log.size()).isEqualTo(2);
    assertThat(log.itemId(0)).isEqualTo("2");
    assertThat(log.itemId(1)).isEqualTo("2");
  }

  @Test
  void logicalTimestampsGetASyntheticClock() {
    // Given a dataset without timestamps (row numbers 0, 1, 2)
    List<Rating> ratings = List.of(new Rating("a", "1", null, 0), new Rating("a", "2", null, 1),
        new Rating("b", "1", null, 2));

    // When it is replayed
    ReplayLog log = ReplayLog.fromDataset(dataset(ratings, 3), ReplayLog.Selection.all());

    // Then event times are real times one minute apart, while event ids keep the row number
    assertThat(log.eventTime(0)).isEqualTo(ReplayLog.LOGICAL_EPOCH_MS);
    assertThat(log.eventTime(2) - log.eventTime(0)).isEqualTo(2 * ReplayLog.LOGICAL_STEP_MS);
    assertThat(log.eventId(0)).isEqualTo("toy:a:1:0");
    assertThat(Records.interaction(log, 0).getType().name()).isEqualTo("CLICK");
  }

  @Test
  void simulateLastMarksTheLastEventsOfChosenUsers() {
    List<Rating> ratings = new ArrayList<>();
    for (int t = 1; t <= 5; t++) {
      ratings.add(new Rating("1", "" + t, 4.0, t * 1_000_000_000_000L));
      ratings.add(new Rating("2", "" + t, 4.0, t * 1_000_000_000_000L + 1));
    }
    ReplayLog log = ReplayLog.fromDataset(dataset(ratings, 5), ReplayLog.Selection.all());

    log.simulateLast(List.of("1"), 2);

    List<String> simulated = new ArrayList<>();
    for (int e = 0; e < log.size(); e++) {
      if (log.simulated(e)) {
        simulated.add(log.userId(e) + "/" + log.itemId(e));
      }
    }
    assertThat(simulated).containsExactly("1/4", "1/5");
  }

  @Test
  void negativesAreUntouchedStableAndShuffled() {
    // Given a user who touched items 1..5 of a 50-item catalogue (item 5 only outside the window)
    List<Rating> ratings = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ratings.add(new Rating("7", "" + i, 4.0, (i == 5 ? 9L : i) * 1_000_000_000_000L));
    }
    ReplayLog log = ReplayLog.fromDataset(dataset(ratings, 50),
        new ReplayLog.Selection(0, null, 8 * 1_000_000_000_000L));
    NegativeSampler sampler = new NegativeSampler(log, 19, 42);

    // When candidates are drawn for the second event, twice, and under another seed
    List<String> first = sampler.candidates(1);
    List<String> again = sampler.candidates(1);
    List<String> otherSeed = new NegativeSampler(log, 19, 43).candidates(1);

    // Then: the target plus 19 distinct items the user never touched, the same each time, seed-dependent
    assertThat(first).hasSize(20).doesNotHaveDuplicates().contains(log.itemId(1));
    Set<String> negatives = new HashSet<>(first);
    negatives.remove(log.itemId(1));
    assertThat(negatives).doesNotContain("1", "2", "3", "4", "5");
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }
}
