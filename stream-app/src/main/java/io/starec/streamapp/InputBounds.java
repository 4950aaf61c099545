package io.starec.streamapp;

import java.time.Duration;
import java.util.Set;

/**
 * What the stream app refuses at the door so that no record, however built, can stall a stream thread.
 *
 * @param outputMaxRecordBytes largest serialized output value; a bigger one dead-letters its source record before
 *     it reaches the producer (under exactly-once a send the broker refuses aborts the transaction, and the task
 *     would re-process the same record forever). Keep it below the output topics' {@code max.message.bytes}.
 * @param timestampMaxFutureMs how far ahead of the wall clock an input's time may be; later ones are dead-lettered,
 *     as the broker ({@code log.message.timestamp.after.max.ms}) would refuse the outputs stamped with it
 * @param maxCandidates candidates per ranking request; a longer request is answered with an error
 * @param itemTextMaxChars longest item title, artist or genre carried in a task; longer catalogue text is
 *     truncated (the item stays rankable, the task stays small)
 * @param itemGenresMax genres of an item carried in a task; the first ones are kept
 * @param idMaxChars longest id (user, item, event, request, candidate); with the candidate cap and the pending
 *     rankings kept it bounds a user's memory record (defaults: 3 x 500 x 256 chars, well below 1 MB)
 * @param replyToTopics topics besides the responses topic a request may name as replyTo; any other is refused
 *     (answered with an error on the responses topic), so a client cannot make the app write where it likes
 */
public record InputBounds(int outputMaxRecordBytes, long timestampMaxFutureMs, int maxCandidates,
    int itemTextMaxChars, int itemGenresMax, int idMaxChars, Set<String> replyToTopics) {

  /** Below the broker's default message.max.bytes (1 MiB + 12) and the producer's max.request.size (1 MiB). */
  public static final int DEFAULT_OUTPUT_MAX_RECORD_BYTES = 1_000_000;
  /** The broker's default log.message.timestamp.after.max.ms (1 h) minus a margin for clock drift. */
  public static final long DEFAULT_TIMESTAMP_MAX_FUTURE_MS = Duration.ofMinutes(55).toMillis();
  /** Far above the paper's 20 candidates, far below what makes a task or response approach the record cap. */
  public static final int DEFAULT_MAX_CANDIDATES = 500;
  /** Room for any real title (ML-1M's longest is under 90 characters), with 500 candidates about 150 kB. */
  public static final int DEFAULT_ITEM_TEXT_MAX_CHARS = 300;
  public static final int DEFAULT_ITEM_GENRES_MAX = 20;
  public static final int DEFAULT_ID_MAX_CHARS = 256;

  public InputBounds {
    if (outputMaxRecordBytes < 1 || timestampMaxFutureMs < 0 || maxCandidates < 1 || itemTextMaxChars < 1
        || itemGenresMax < 0 || idMaxChars < 1) {
      throw new IllegalArgumentException("bounds must be positive");
    }
    replyToTopics = Set.copyOf(replyToTopics);
  }

  public static InputBounds defaults() {
    return new InputBounds(DEFAULT_OUTPUT_MAX_RECORD_BYTES, DEFAULT_TIMESTAMP_MAX_FUTURE_MS, DEFAULT_MAX_CANDIDATES,
        DEFAULT_ITEM_TEXT_MAX_CHARS, DEFAULT_ITEM_GENRES_MAX, DEFAULT_ID_MAX_CHARS, Set.of());
  }

  public InputBounds withReplyToTopics(Set<String> topics) {
    return new InputBounds(outputMaxRecordBytes, timestampMaxFutureMs, maxCandidates, itemTextMaxChars,
        itemGenresMax, idMaxChars, topics);
  }

  public InputBounds withMaxCandidates(int max) {
    return new InputBounds(outputMaxRecordBytes, timestampMaxFutureMs, max, itemTextMaxChars, itemGenresMax,
        idMaxChars, replyToTopics);
  }

  public InputBounds withTimestampMaxFutureMs(long skewMs) {
    return new InputBounds(outputMaxRecordBytes, skewMs, maxCandidates, itemTextMaxChars, itemGenresMax,
        idMaxChars, replyToTopics);
  }

  public InputBounds withItemText(int maxChars, int maxGenres) {
    return new InputBounds(outputMaxRecordBytes, timestampMaxFutureMs, maxCandidates, maxChars, maxGenres,
        idMaxChars, replyToTopics);
  }
}
