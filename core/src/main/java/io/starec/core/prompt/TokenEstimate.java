package io.starec.core.prompt;

/**
 * A cheap approximation of a BPE token count (Qwen/Llama tokenizers): the larger of chars/4 and
 * 4/3 tokens per word, so both long English words and dense punctuation or CJK text are covered.
 * It errs on the high side; exact counts would need the model's tokenizer, which the gateway may not have.
 */
public final class TokenEstimate {

  private TokenEstimate() {}

  public static int of(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int words = 0;
    boolean inWord = false;
    int nonAscii = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        nonAscii++;
      }
      if (Character.isWhitespace(c)) {
        inWord = false;
      } else if (!inWord) {
        inWord = true;
        words++;
      }
    }
    int byChars = (text.length() + 3) / 4;
    int byWords = (words * 4 + 2) / 3;
    // Non-ASCII text (CJK, emoji) costs about one token per character.
    return Math.max(byChars, byWords) + nonAscii / 2;
  }
}
