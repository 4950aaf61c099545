package io.starec.research.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Loads a dataset by name from a folder in its original format. */
public final class Datasets {

  /**
   * Names {@link #load} understands. "cds" is the dense AgentCF subset; "synthetic" reads the ML-1M
   * format written by {@link SyntheticMovieLens} under its own name.
   */
  public static final List<String> NAMES = List.of("ml-1m", "ml-100k", "cds", "cds-dense", "cds-sparse", "synthetic");

  private Datasets() {}

  /**
   * @param name ml-1m | ml-100k | cds | cds-dense | cds-sparse | synthetic
   * @param dir the dataset folder (for cds: the AgentCF folder or one subset folder)
   */
  public static Dataset load(String name, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("dataset folder " + dir + " does not exist");
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ml-1m", "ml1m", "movielens-1m" -> MovieLens1m.load(dir);
      case "ml-100k", "ml100k", "movielens-100k" -> MovieLens100k.load(dir);
      case "cds", "cds-dense" -> AgentCfCds.load(dir, AgentCfCds.DEFAULT_SUBSET);
      case "cds-sparse" -> AgentCfCds.load(dir, "CDs-100-user-sparse");
      case "synthetic" -> MovieLens1m.load(dir, "synthetic");
      default -> throw new IllegalArgumentException(
          "unknown dataset '" + name + "', expected one of " + NAMES);
    };
  }
}
