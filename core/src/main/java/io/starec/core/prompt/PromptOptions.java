package io.starec.core.prompt;

/**
 * Limits applied while rendering prompts.
 *
 * @param maxPromptTokens budget for system + user message (approximate, {@link TokenEstimate}); the history is
 *     cut, newest kept, to fit it. Candidates are never dropped.
 * @param titleChars cap on one title
 * @param attributeChars cap on an artist, a genre or a demographic value
 * @param maxGenres genres shown per item
 * @param descriptionChars cap on the user's preference description
 */
public record PromptOptions(int maxPromptTokens, int titleChars, int attributeChars, int maxGenres,
                            int descriptionChars) {

  public static final int DEFAULT_MAX_PROMPT_TOKENS = 4096;

  public PromptOptions {
    if (maxPromptTokens < 256) {
      throw new IllegalArgumentException("maxPromptTokens must be >= 256, was " + maxPromptTokens);
    }
    if (titleChars < 8 || attributeChars < 4 || maxGenres < 0 || descriptionChars < 16) {
      throw new IllegalArgumentException("prompt caps too small");
    }
  }

  public static PromptOptions defaults() {
    return new PromptOptions(DEFAULT_MAX_PROMPT_TOKENS, 120, 48, 6, 1500);
  }

  public PromptOptions withMaxPromptTokens(int tokens) {
    return new PromptOptions(tokens, titleChars, attributeChars, maxGenres, descriptionChars);
  }
}
