package io.starec.research.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCfCdsTest {

  @TempDir Path dir;

  private void writeItems() throws IOException {
    Fixtures.write(dir, "CDs.item", UTF_8,
        "item_id:token\ttitle:token_seq\tcategory:token_seq",
        "10\tMorning Static\tPop; Singer-Songwriters",
        "11\tBasement Tapes Vol. 9\tRock",
        "12\tNo Category Here\t",
        "13\tLow Tide\tJazz; Jazz; Bebop");
  }

  @Test
  void rebuildsSequencesFromTheTestSplitWithFileOrderAsTime() throws IOException {
    // Given the AgentCF layout: CDs.item above a subset folder with a sequential test.inter
    writeItems();
    Path subset = dir.resolve("CDs-100-user-dense");
    Fixtures.write(subset, "CDs-100-user-dense.test.inter", UTF_8,
        "user_id:token\titem_id_list:token_seq\titem_id:token",
        "7\t10 11 12\t13",
        "8\t13 10\t11");
    Fixtures.write(subset, "CDs-100-user-dense.train.inter", UTF_8,
        "user_id:token\titem_id_list:token_seq\titem_id:token", "7\t10\t11");

    // When loaded from the folder above
    Dataset ds = Datasets.load("cds", dir);

    // Then each user's history plus target is emitted once, implicit, in file order
    try (Stream<Rating> ratings = ds.ratings()) {
      assertThat(ratings.toList()).containsExactly(
          new Rating("7", "10", null, 0), new Rating("7", "11", null, 1), new Rating("7", "12", null, 2),
          new Rating("7", "13", null, 3), new Rating("8", "13", null, 4), new Rating("8", "10", null, 5),
          new Rating("8", "11", null, 6));
    }
    assertThat(ds.explicitRatings()).isFalse();
    assertThat(ds.users().keySet()).containsExactly("7", "8");
    assertThat(ds.users().get("7").age()).isNull();
    assertThat(ds.items().get("10").genres()).containsExactly("Pop", "Singer-Songwriters");
    assertThat(ds.items().get("12").genres()).isEmpty();
    assertThat(ds.items().get("13").genres()).containsExactly("Jazz", "Bebop");
    assertThat(ds.items().get("11").title()).isEqualTo("Basement Tapes Vol. 9");
    assertThat(ds.name()).isEqualTo("cds/CDs-100-user-dense");
  }

  @Test
  void findsFieldsByHeaderNameInAnyOrderAndReadsAtomicFiles() throws IOException {
    // Given an atomic RecBole .inter with rating and timestamp, columns reordered, gzipped
    writeItems();
    Path subset = dir.resolve("CDs-100-user-sparse");
    Fixtures.writeGz(subset, "x.test.inter", UTF_8,
        "timestamp:float\titem_id:token\trating:float\tuser_id:token",
        "1000.5\t10\t4.0\t7",
        "1001\t11\t2\t7");

    // When loaded as the sparse subset
    try (Stream<Rating> ratings = Datasets.load("cds-sparse", dir).ratings()) {
      // Then the header decides what each column means
      assertThat(ratings.toList()).containsExactly(
          new Rating("7", "10", 4.0, 1_000_500L), new Rating("7", "11", 2.0, 1_001_000L));
    }
  }

  @Test
  void malformedRowNamesLine() throws IOException {
    writeItems();
    Path subset = dir.resolve("CDs-100-user-dense");
    Path file = Fixtures.write(subset, "CDs-100-user-dense.test.inter", UTF_8,
        "user_id:token\titem_id_list:token_seq\titem_id:token",
        "7\t10 11\t12",
        "8\t13 10");
    assertThatThrownBy(() -> Datasets.load("cds", subset))
        .isInstanceOfSatisfying(DatasetFormatException.class, e -> {
          assertThat(e.file()).isEqualTo(file);
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.reason()).contains("expected 3 fields");
        });
  }

  @Test
  void headerWithoutItemIdIsRejected() throws IOException {
    writeItems();
    Path subset = dir.resolve("CDs-100-user-dense");
    Fixtures.write(subset, "a.test.inter", UTF_8, "user_id:token\tthing:token", "7\t1");
    assertThatThrownBy(() -> Datasets.load("cds", subset))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(":1: header needs user_id and item_id fields");
  }

  @Test
  void missingItemFileIsReported() throws IOException {
    Path subset = dir.resolve("CDs-100-user-dense");
    Fixtures.write(subset, "a.test.inter", UTF_8, "user_id:token\titem_id:token", "7\t1");
    assertThatThrownBy(() -> Datasets.load("cds", subset)).hasMessageContaining("CDs.item");
  }
}
