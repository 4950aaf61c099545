package io.starec.gateway.openai;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where and how to reach one OpenAI-compatible Chat Completions server.
 *
 * @param baseUrl the API root, e.g. {@code http://127.0.0.1:8000/v1} (vLLM, SGLang) or
 *     {@code http://127.0.0.1:11434/v1} (Ollama); https means TLS
 * @param model the model name sent in each request; empty = the one model the server lists
 * @param apiKeyFile a file holding the API key, or null for the {@code OPENAI_API_KEY} environment variable
 * @param caFile PEM trust roots for a self-signed server, or null for the JVM's
 * @param callTimeoutMs deadline of one HTTP call (the task deadline wins when earlier)
 * @param stream ask for server-sent events and join the chunks (keeps long generations alive through proxies)
 * @param logprobs ask for token log-probabilities and report their sum
 * @param maxTokensField the request field that carries the token limit
 * @param rollouts how n rollouts are asked for
 * @param purpose what the server is for in messages, e.g. "" or " for reflect tasks"
 */
public record OpenAiSettings(String baseUrl, String model, Path apiKeyFile, Path caFile, long callTimeoutMs,
                             boolean stream, boolean logprobs, MaxTokensField maxTokensField, Rollouts rollouts,
                             String purpose) {

  /** The field for the completion-token limit: older servers know only {@code max_tokens}. */
  public enum MaxTokensField {
    /** vLLM, SGLang, TGI, Ollama, llama.cpp. */
    MAX_TOKENS,
    /** OpenAI's current name; its reasoning models refuse {@code max_tokens}. */
    MAX_COMPLETION_TOKENS;

    public static MaxTokensField of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /** How n > 1 rollouts are asked for. */
  public enum Rollouts {
    /** One request with {@code n}; a server that refuses or ignores n gets n requests from then on. */
    AUTO,
    /** Always n requests of one choice each (servers known not to support n). */
    SEPARATE;

    public static Rollouts of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  public OpenAiSettings {
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    model = model == null ? "" : model.trim();
    purpose = purpose == null ? "" : purpose;
  }

  /** Defaults for a server at {@code baseUrl}: no key file, the JVM's trust, 2 minutes, no streaming. */
  public static OpenAiSettings of(String baseUrl, String model) {
    return new OpenAiSettings(baseUrl, model, null, null, 120_000, false, true, MaxTokensField.MAX_TOKENS,
        Rollouts.AUTO, "");
  }

  public OpenAiSettings withStream(boolean s) {
    return new OpenAiSettings(baseUrl, model, apiKeyFile, caFile, callTimeoutMs, s, logprobs, maxTokensField,
        rollouts, purpose);
  }

  public OpenAiSettings withRollouts(Rollouts r) {
    return new OpenAiSettings(baseUrl, model, apiKeyFile, caFile, callTimeoutMs, stream, logprobs, maxTokensField,
        r, purpose);
  }

  public OpenAiSettings withCallTimeoutMs(long ms) {
    return new OpenAiSettings(baseUrl, model, apiKeyFile, caFile, ms, stream, logprobs, maxTokensField, rollouts,
        purpose);
  }

  public OpenAiSettings withCaFile(Path ca) {
    return new OpenAiSettings(baseUrl, model, apiKeyFile, ca, callTimeoutMs, stream, logprobs, maxTokensField,
        rollouts, purpose);
  }

  public OpenAiSettings withPurpose(String p) {
    return new OpenAiSettings(baseUrl, model, apiKeyFile, caFile, callTimeoutMs, stream, logprobs, maxTokensField,
        rollouts, p);
  }

  /** "the OpenAI-compatible server[ for reflect tasks] at URL", for messages. */
  public String where() {
    return "the OpenAI-compatible server" + purpose + " at " + baseUrl;
  }
}
