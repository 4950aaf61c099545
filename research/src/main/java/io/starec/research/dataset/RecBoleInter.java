package io.starec.research.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * RecBole's tab-separated {@code .inter} files, read by their header line of {@code name:type}
 * fields. Two layouts are understood:
 *
 * <ul>
 *   <li>sequential (AgentCF's CDs subsets): {@code user_id:token, item_id_list:token_seq,
 *       item_id:token}, one row = a history (space-separated) and the next item. A user's full
 *       sequence is the list of its row plus the target; use the file whose rows hold the longest
 *       prefixes (the test split) so each interaction is emitted once.
 *   <li>atomic: {@code user_id:token, item_id:token} with optional {@code rating:float} and
 *       {@code timestamp:float} (seconds).
 * </ul>
 *
 * Without a timestamp field the file order is the time: interactions get logical timestamps
 * 0, 1, 2, ... in the order they are read (the history first, then the target). Without a rating
 * field interactions are implicit ({@link Rating#rating()} null, i.e. positives).
 */
public final class RecBoleInter {

  private RecBoleInter() {}

  /** Streams the interactions of one {@code .inter} file (plain or .gz, UTF-8). */
  public static Stream<Rating> ratings(Path file) {
    Stream<TextFiles.Line> lines = TextFiles.lines(file, StandardCharsets.UTF_8);
    Iterator<TextFiles.Line> it = lines.iterator();
    if (!it.hasNext()) {
      lines.close();
      throw new DatasetFormatException(file, 0, "empty file, expected a header line");
    }
    Header header;
    try {
      header = Header.parse(it.next());
    } catch (RuntimeException e) {
      lines.close();
      throw e;
    }
    Iterator<Rating> ratings = new Iterator<>() {
      private final List<Rating> buffer = new ArrayList<>();
      private int position;
      private long clock;

      @Override
      public boolean hasNext() {
        while (position >= buffer.size()) {
          if (!it.hasNext()) {
            return false;
          }
          buffer.clear();
          position = 0;
          clock = header.parseRow(it.next(), buffer, clock);
        }
        return true;
      }

      @Override
      public Rating next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return buffer.get(position++);
      }
    };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(ratings, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(lines::close);
  }

  /** Field positions found in the header line. */
  private record Header(int width, int user, int item, int itemList, int rating, int timestamp) {

    static Header parse(TextFiles.Line line) {
      String[] fields = line.text().split("\t", -1);
      int user = -1;
      int item = -1;
      int itemList = -1;
      int rating = -1;
      int timestamp = -1;
      for (int i = 0; i < fields.length; i++) {
        String[] nameType = fields[i].trim().split(":", 2);
        if (nameType.length != 2) {
          throw line.error("header field " + (i + 1) + " is not 'name:type'");
        }
        switch (nameType[0]) {
          case "user_id" -> user = i;
          case "item_id" -> item = i;
          case "item_id_list" -> itemList = i;
          case "rating" -> rating = i;
          case "timestamp" -> timestamp = i;
          default -> { } // other columns are ignored
        }
      }
      if (user < 0 || item < 0) {
        throw line.error("header needs user_id and item_id fields");
      }
      return new Header(fields.length, user, item, itemList, rating, timestamp);
    }

    /** Appends the row's interactions to {@code out}; returns the advanced logical clock. */
    long parseRow(TextFiles.Line line, List<Rating> out, long clock) {
      String[] f = line.fields("\t", width);
      String userId = line.nonEmpty(f[user], "user_id");
      String itemId = line.nonEmpty(f[item], "item_id");
      Double value = rating < 0 ? null : line.parseDouble(f[rating], "rating");
      if (itemList >= 0) {
        for (String prior : f[itemList].trim().split(" +")) {
          if (!prior.isEmpty()) {
            out.add(new Rating(userId, prior, null, clock++));
          }
        }
      }
      long time;
      if (timestamp >= 0) {
        double seconds = line.parseDouble(f[timestamp], "timestamp");
        time = Math.round(seconds * 1000.0);
      } else {
        time = clock++;
      }
      out.add(new Rating(userId, itemId, value, time));
      return clock;
    }
  }
}
