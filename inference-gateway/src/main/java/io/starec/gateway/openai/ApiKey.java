package io.starec.gateway.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An API key, read from a file or the {@code OPENAI_API_KEY} environment variable, never from a properties file.
 * {@link #toString} hides it, so a key cannot end up in a log line or an exception message.
 */
public final class ApiKey {

  public static final String ENV = "OPENAI_API_KEY";

  private static final ApiKey NONE = new ApiKey(null, "none");

  private final String value;
  private final String source;

  private ApiKey(String value, String source) {
    this.value = value;
    this.source = source;
  }

  /** No key: key-less local servers (vLLM, SGLang, Ollama, llama.cpp, TGI without --api-key). */
  public static ApiKey none() {
    return NONE;
  }

  /**
   * The key in {@code file} (surrounding whitespace dropped) when a file is named, else {@code env}'s
   * {@value #ENV}, else {@link #none()}.
   *
   * @throws OpenAiSetupException when the file cannot be read or is empty
   */
  public static ApiKey resolve(Path file, Map<String, String> env) {
    if (file != null) {
      String key;
      try {
        key = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new OpenAiSetupException("cannot read the API key file " + file + " (openai.api.key.file): " + e);
      }
      if (key.isEmpty()) {
        throw new OpenAiSetupException("the API key file " + file + " (openai.api.key.file) is empty");
      }
      return new ApiKey(key, "file " + file);
    }
    String key = env.get(ENV);
    return key == null || key.isBlank() ? NONE : new ApiKey(key.strip(), "environment variable " + ENV);
  }

  public boolean present() {
    return value != null;
  }

  /** The secret itself; only for the HTTP client. */
  String value() {
    return value;
  }

  @Override
  public String toString() {
    return "ApiKey[" + source + "]";
  }
}
