package io.starec.core.prompt;

import io.starec.avro.ChatMessage;
import java.util.List;

/**
 * A rendered prompt: system + user chat messages, plus how much history fitted.
 *
 * @param messages system then user message
 * @param historyShown history entries rendered (the newest ones)
 * @param historyTotal history entries in memory
 * @param estimatedTokens approximate size of both messages
 */
public record ChatPrompt(List<ChatMessage> messages, int historyShown, int historyTotal, int estimatedTokens) {

  public ChatPrompt {
    messages = List.copyOf(messages);
  }

  public String system() {
    return messages.get(0).getContent();
  }

  public String user() {
    return messages.get(1).getContent();
  }

  public boolean historyTruncated() {
    return historyShown < historyTotal;
  }
}
