package io.starec.replay;

/** Callbacks of a replay (progress bars, the demo's live line). Called on the replay thread; keep them cheap. */
public interface ReplayListener {

  ReplayListener NONE = new ReplayListener() { };

  /** The catalogue was published. */
  default void catalogue(int items, int users) { }

  /** An interaction was handed to the producer. */
  default void interaction(int event, long eventTimeMs) { }

  /** A simulated ranking request was answered. */
  default void ranked(int event, RankingClient.Reply reply) { }

  /** A simulated ranking request got no answer (timeout or send failure); its interaction is sent anyway. */
  default void rankingFailed(int event, Throwable error) { }
}
