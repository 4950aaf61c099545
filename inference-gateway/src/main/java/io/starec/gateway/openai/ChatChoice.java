package io.starec.gateway.openai;

import com.openai.core.JsonValue;
import java.util.Map;

/**
 * One choice of a chat completion, as the parser and the training record see it.
 *
 * @param index the choice index the server gave it
 * @param text the completion: a reasoning model's separate reasoning (vLLM, SGLang and DeepSeek's
 *     {@code reasoning_content}, Ollama's and newer vLLM's {@code reasoning}) as a leading
 *     {@code <think>...</think>} block, then the content; a model that thinks inline already has the block
 * @param logprob the sum of the content tokens' log-probabilities, or null when the server sent none
 */
public record ChatChoice(int index, String text, Double logprob) {

  /** The fields, in order of preference, where servers put a reasoning model's chain of thought. */
  private static final String[] REASONING_FIELDS = {"reasoning_content", "reasoning"};

  static ChatChoice of(int index, String reasoning, String content, Double logprob) {
    String answer = content == null ? "" : content;
    String text = reasoning == null || reasoning.isBlank() ? answer : "<think>" + reasoning + "</think>\n" + answer;
    return new ChatChoice(index, text, logprob);
  }

  /** The reasoning text in a message's or a delta's extra fields, or null. */
  static String reasoning(Map<String, JsonValue> extra) {
    for (String f : REASONING_FIELDS) {
      String s = JsonFields.string(extra.get(f));
      if (s != null && !s.isEmpty()) {
        return s;
      }
    }
    return null;
  }
}
