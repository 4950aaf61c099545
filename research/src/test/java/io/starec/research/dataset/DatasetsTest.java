package io.starec.research.dataset;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path dir;

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Datasets.load("netflix", dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ml-1m").hasMessageContaining("cds");
  }

  @Test
  void syntheticIsTheMl1mFormatUnderItsOwnName() {
    SyntheticMovieLens.write(dir, 1, 5, 20, 3);
    org.assertj.core.api.Assertions.assertThat(Datasets.load("synthetic", dir).name()).isEqualTo("synthetic");
    org.assertj.core.api.Assertions.assertThat(Datasets.load("ml-1m", dir).name()).isEqualTo("ml-1m");
  }

  @Test
  void missingFolderIsReported() {
    assertThatThrownBy(() -> Datasets.load("ml-1m", dir.resolve("nope")))
        .hasMessageContaining("does not exist");
  }
}
