package io.starec.streamapp.topology;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.Item;
import io.starec.avro.ItemStats;
import io.starec.avro.UserProfile;
import io.starec.core.stats.Cooccurrence;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.InputBounds;
import io.starec.streamapp.reflection.ReflectionTrigger;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Read access to the global tables: catalogue, user profiles and item statistics. */
final class Lookups implements ReflectionTrigger.Items {

  private final KeyValueStore<String, ValueAndTimestamp<Item>> items;
  private final KeyValueStore<String, ValueAndTimestamp<UserProfile>> users;
  private final KeyValueStore<String, ValueAndTimestamp<ItemStats>> stats;
  private final Cooccurrence cooccurrence;
  private final InputBounds bounds;

  Lookups(ProcessorContext<?, ?> context, AppSettings settings) {
    this.items = context.getStateStore(StoreNames.ITEMS);
    this.users = context.getStateStore(StoreNames.USERS);
    this.stats = context.getStateStore(StoreNames.ITEM_STATS_GLOBAL);
    this.cooccurrence = settings.cooccurrence();
    this.bounds = settings.bounds();
  }

  Item item(String itemId) {
    return ValueAndTimestamp.getValueOrNull(items.get(itemId));
  }

  /** Display title of an item, null when it is not in the catalogue. */
  String title(String itemId) {
    Item item = item(itemId);
    return item == null ? null : item.getTitle();
  }

  UserProfile profile(String userId) {
    return ValueAndTimestamp.getValueOrNull(users.get(userId));
  }

  ItemStats stats(String itemId) {
    return ValueAndTimestamp.getValueOrNull(stats.get(itemId));
  }

  long popularity(String itemId) {
    ItemStats s = stats(itemId);
    return s == null ? 0L : s.getInteractionCount();
  }

  /** Candidate ids that are not in the catalogue, in request order. */
  List<String> unknownItems(List<String> itemIds) {
    List<String> unknown = new ArrayList<>();
    for (String id : itemIds) {
      if (item(id) == null) {
        unknown.add(id);
      }
    }
    return unknown;
  }

  /**
   * An item as carried to the gateway: metadata, popularity and its recency-weighted co-occurrence with the
   * user's history. Items missing from the catalogue keep their id as title. Catalogue text is truncated to the
   * configured caps (item.text.max.chars, item.genres.max): whatever the catalogue holds, a task stays small.
   */
  @Override
  public CandidateItem candidate(String itemId, List<HistoryEntry> history) {
    Item item = item(itemId);
    ItemStats s = stats(itemId);
    CandidateItem.Builder b = CandidateItem.newBuilder().setItemId(itemId)
        .setTitle(capped(item == null ? itemId : item.getTitle()))
        .setGenres(item == null ? new ArrayList<>() : genres(item.getGenres()))
        .setYear(item == null ? null : item.getYear()).setArtist(item == null ? null : capped(item.getArtist()));
    if (s != null) {
      b.setInteractionCount(s.getInteractionCount()).setLikeCount(s.getLikeCount())
          .setCooccurrence(cooccurrence.score(s, history));
    }
    return b.build();
  }

  private List<String> genres(List<String> all) {
    List<String> kept = new ArrayList<>(Math.min(all.size(), bounds.itemGenresMax()));
    for (String genre : all.subList(0, Math.min(all.size(), bounds.itemGenresMax()))) {
      kept.add(capped(genre));
    }
    return kept;
  }

  /** The text cut to item.text.max.chars, never inside a surrogate pair. */
  private String capped(String text) {
    int max = bounds.itemTextMaxChars();
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }

  /** Metadata of a history item (no co-occurrence: it is part of the history itself). */
  @Override
  public CandidateItem historyItem(String itemId) {
    return candidate(itemId, List.of());
  }
}
