package io.starec.research.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalogue item as a dataset describes it (mirrors the Avro {@code Item}).
 *
 * @param itemId the dataset's own item id, as text
 * @param title display title, without the "(year)" suffix of MovieLens titles
 * @param year release year, null when unknown
 * @param genres genres (movies) or categories (music), in file order
 * @param artist artist when the dataset has one (none of ours do), else null
 * @param attributes any further metadata (zip codes, URLs, raw codes)
 */
public record DatasetItem(
    String itemId,
    String title,
    Integer year,
    List<String> genres,
    String artist,
    Map<String, String> attributes) {

  public DatasetItem {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(title, "title");
    genres = List.copyOf(genres);
    attributes = Map.copyOf(attributes);
  }
}
