package io.starec.gateway.openai;

import io.starec.avro.ChatMessage;
import java.util.List;

/**
 * One Chat Completions request.
 *
 * @param messages the prompt's messages, as they are (the server applies the model's chat template)
 * @param n choices wanted in this request
 * @param seed sampling seed
 * @param temperature sampling temperature (0 = greedy)
 * @param maxTokens completion-token limit per choice
 */
public record ChatRequest(List<ChatMessage> messages, int n, long seed, double temperature, int maxTokens) {

  public ChatRequest {
    messages = List.copyOf(messages);
  }
}
