package io.starec.core.prompt;

import java.util.Locale;

/** The prompt vocabulary of a dataset: ML-1M movies or Amazon CDs (music). */
public enum PromptDomain {
  MOVIES("movies", "movie", "movies", "Viewing History", "Candidate Movies", "Target Movie Information", "watching"),
  MUSIC("music", "music item", "music items", "Listening History", "Candidate Music Items", "Target Music Item Information", "listening to");

  private final String key;
  private final String noun;
  private final String plural;
  private final String historyLabel;
  private final String candidatesLabel;
  private final String targetLabel;
  private final String consumeVerb;

  PromptDomain(String key, String noun, String plural, String historyLabel, String candidatesLabel, String targetLabel,
      String consumeVerb) {
    this.key = key;
    this.noun = noun;
    this.plural = plural;
    this.historyLabel = historyLabel;
    this.candidatesLabel = candidatesLabel;
    this.targetLabel = targetLabel;
    this.consumeVerb = consumeVerb;
  }

  /** {@code "movies"} or {@code "music"} (the InferenceTask.domain values); anything else is movies. */
  public static PromptDomain of(String key) {
    if (key != null) {
      String k = key.trim().toLowerCase(Locale.ROOT);
      if (k.equals("music") || k.equals("cds") || k.equals("cd")) {
        return MUSIC;
      }
    }
    return MOVIES;
  }

  public String key() {
    return key;
  }

  public String noun() {
    return noun;
  }

  public String plural() {
    return plural;
  }

  public String historyLabel() {
    return historyLabel;
  }

  public String candidatesLabel() {
    return candidatesLabel;
  }

  public String targetLabel() {
    return targetLabel;
  }

  public String consumeVerb() {
    return consumeVerb;
  }
}
