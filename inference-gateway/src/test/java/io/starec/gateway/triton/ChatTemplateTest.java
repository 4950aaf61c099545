package io.starec.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

  private final List<ChatMessage> messages =
      List.of(new ChatMessage("system", "You rank."), new ChatMessage("user", "Rank {content} these."));

  @Test
  void chatmlIsQwenFormatEndingInAnOpenAssistantTurn() {
    assertThat(ChatTemplate.named("chatml").apply(messages)).isEqualTo(
        "<|im_start|>system\nYou rank.<|im_end|>\n<|im_start|>user\nRank {content} these.<|im_end|>\n"
            + "<|im_start|>assistant\n");
  }

  @Test
  void llama3AndPlainAndCustom() {
    assertThat(ChatTemplate.named("llama3").apply(messages)).startsWith("<|begin_of_text|><|start_header_id|>system")
        .endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(ChatTemplate.named("plain").apply(messages))
        .isEqualTo("System: You rank.\n\nUser: Rank {content} these.\n\nAssistant:");
    assertThat(ChatTemplate.custom("", "[{role}] {content}\\n", "[assistant] ").apply(messages))
        .isEqualTo("[system] You rank.\n[user] Rank {content} these.\n[assistant] ");
    assertThatThrownBy(() -> ChatTemplate.named("mistral")).hasMessageContaining("unknown chat template");
  }
}
