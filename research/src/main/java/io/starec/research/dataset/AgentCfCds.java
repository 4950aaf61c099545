package io.starec.research.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * AgentCF's Amazon "CDs and Vinyl" subsets ({@code CDs-100-user-dense}, {@code -sparse}): 100 users
 * with 8 interactions each, in RecBole sequential {@code .inter} files, plus {@code CDs.item}
 * ({@code item_id:token \t title:token_seq \t category:token_seq}, categories "; "-joined).
 *
 * <p>The files hold <b>no ratings and no timestamps</b>: every interaction is an implicit positive
 * ({@link Rating#rating()} is null) and the file order is the time (logical timestamps 0, 1, 2, ...,
 * each user's sequence in order). A user's sequence is read from the {@code *.test.inter} file,
 * whose rows hold the full 7-item history plus the 8th (target) item; the train and valid files
 * are prefixes of it. There are no demographics and no artist field: users are anonymous and an
 * item's categories go to {@link DatasetItem#genres()}.
 */
public final class AgentCfCds {

  public static final String ITEM_FILE = "CDs.item";
  public static final String DEFAULT_SUBSET = "CDs-100-user-dense";

  private AgentCfCds() {}

  /**
   * @param dir either a subset folder (holding {@code *.test.inter}) or the folder above the subsets
   * @param subset subset folder name used when {@code dir} is the folder above, e.g.
   *     {@code CDs-100-user-sparse}
   */
  public static Dataset load(Path dir, String subset) {
    Path subsetDir = testInter(dir) != null ? dir : dir.resolve(subset);
    Path interFile = testInter(subsetDir);
    if (interFile == null) {
      throw new DatasetFormatException(subsetDir, 0, "no *.test.inter file found");
    }
    Path itemDir = TextFiles.exists(subsetDir, ITEM_FILE) ? subsetDir : subsetDir.getParent();
    if (itemDir == null || !TextFiles.exists(itemDir, ITEM_FILE)) {
      throw new DatasetFormatException(subsetDir.resolve(ITEM_FILE), 0,
          "file not found here or in the parent folder");
    }
    Map<String, DatasetItem> items = items(TextFiles.resolve(itemDir, ITEM_FILE));
    Map<String, DatasetUser> users = new LinkedHashMap<>();
    try (Stream<Rating> ratings = RecBoleInter.ratings(interFile)) {
      ratings.forEach(r -> users.computeIfAbsent(r.userId(), DatasetUser::anonymous));
    }
    String name = "cds/" + subsetDir.getFileName();
    return new Dataset(name, items, users, () -> RecBoleInter.ratings(interFile), false);
  }

  /** Items of a CDs.item file, found by the header's field names. */
  public static Map<String, DatasetItem> items(Path file) {
    Map<String, DatasetItem> items = new LinkedHashMap<>();
    try (Stream<TextFiles.Line> lines = TextFiles.lines(file, StandardCharsets.UTF_8)) {
      int[] columns = null; // id, title, category
      int width = 0;
      for (TextFiles.Line line : (Iterable<TextFiles.Line>) lines::iterator) {
        if (columns == null) {
          String[] header = line.text().split("\t", -1);
          columns = new int[] {-1, -1, -1};
          for (int i = 0; i < header.length; i++) {
            String name = header[i].trim().split(":", 2)[0];
            switch (name) {
              case "item_id" -> columns[0] = i;
              case "title" -> columns[1] = i;
              case "category", "categories" -> columns[2] = i;
              default -> { }
            }
          }
          if (columns[0] < 0 || columns[1] < 0) {
            throw line.error("header needs item_id and title fields");
          }
          width = header.length;
          continue;
        }
        String[] f = line.fields("\t", width);
        String id = line.nonEmpty(f[columns[0]], "item_id");
        String title = f[columns[1]].trim();
        List<String> categories = columns[2] < 0 || f[columns[2]].isBlank()
            ? List.of()
            : Arrays.stream(f[columns[2]].split(";")).map(String::trim).filter(s -> !s.isEmpty())
                .distinct().toList();
        Map<String, String> attributes = columns[2] < 0 ? Map.of() : Map.of("category", f[columns[2]].trim());
        items.put(id, new DatasetItem(id, title, null, categories, null, attributes));
      }
    }
    return items;
  }

  private static Path testInter(Path dir) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.endsWith(".test.inter") || n.endsWith(".test.inter.gz");
          })
          .sorted()
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
