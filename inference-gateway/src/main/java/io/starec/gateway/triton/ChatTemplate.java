package io.starec.gateway.triton;

import io.starec.avro.ChatMessage;
import java.util.List;
import java.util.Locale;

/**
 * Turns chat messages into the single prompt string Triton's vLLM / TensorRT-LLM models take in
 * {@code text_input} (they do not apply a chat template themselves). A template is a prefix, a per-message
 * format with {@code {role}} and {@code {content}}, and a suffix that opens the assistant turn. Message
 * contents never contain template tokens: prompts escape angle brackets in all untrusted text.
 */
public record ChatTemplate(String name, String prefix, String messageFormat, String suffix) {

  /** Qwen2.5 and other ChatML models. */
  public static final ChatTemplate CHATML = new ChatTemplate("chatml", "",
      "<|im_start|>{role}\n{content}<|im_end|>\n", "<|im_start|>assistant\n");
  /** Llama 3.x instruct. */
  public static final ChatTemplate LLAMA3 = new ChatTemplate("llama3", "<|begin_of_text|>",
      "<|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>",
      "<|start_header_id|>assistant<|end_header_id|>\n\n");
  /** Plain text, for base models and tests. */
  public static final ChatTemplate PLAIN = new ChatTemplate("plain", "", "{Role}: {content}\n\n", "Assistant:");

  public ChatTemplate {
    if (!messageFormat.contains("{content}")) {
      throw new IllegalArgumentException("chat template message format needs {content}: " + messageFormat);
    }
  }

  /** chatml, llama3 or plain. */
  public static ChatTemplate named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "chatml", "qwen", "qwen2.5" -> CHATML;
      case "llama3", "llama-3" -> LLAMA3;
      case "plain" -> PLAIN;
      default -> throw new IllegalArgumentException("unknown chat template '" + name
          + "' (chatml, llama3, plain or custom)");
    };
  }

  /** A custom template; escapes {@code \n} in the configured strings. */
  public static ChatTemplate custom(String prefix, String messageFormat, String suffix) {
    return new ChatTemplate("custom", unescape(prefix), unescape(messageFormat), unescape(suffix));
  }

  public String apply(List<ChatMessage> messages) {
    StringBuilder b = new StringBuilder(prefix);
    for (ChatMessage m : messages) {
      String role = m.getRole();
      String cap = role.isEmpty() ? role : Character.toUpperCase(role.charAt(0)) + role.substring(1);
      b.append(messageFormat.replace("{role}", role).replace("{Role}", cap).replace("{content}", m.getContent()));
    }
    return b.append(suffix).toString();
  }

  private static String unescape(String s) {
    return s == null ? "" : s.replace("\\n", "\n").replace("\\t", "\t");
  }
}
