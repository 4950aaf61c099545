package io.starec.gateway.service;

import io.starec.avro.TaskKind;
import io.starec.core.policy.CachingTextEmbedder;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.TextEmbedder;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.gateway.backend.KindRoutedBackend;
import io.starec.gateway.backend.OpenAiBackend;
import io.starec.gateway.backend.TritonBackend;
import io.starec.gateway.embedded.OnnxMiniLmEmbedder;
import io.starec.gateway.openai.ApiKey;
import io.starec.gateway.openai.OpenAiClient;
import io.starec.gateway.openai.OpenAiSettings;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonSetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the configured backend, one per task kind when backend.rank / backend.reflect or the openai.rank.* /
 * openai.reflect.* keys differ. Model servers are checked here (Triton: server, model, profile; OpenAI-compatible:
 * reachable, key accepted, model served), so a wrong setting fails at start.
 */
public final class Backends {

  private Backends() {}

  public static InferenceBackend create(GatewayConfig c) {
    return create(c, System.getenv());
  }

  /** @param env where OPENAI_API_KEY is read */
  static InferenceBackend create(GatewayConfig c, Map<String, String> env) {
    String rank = c.backendFor(TaskKind.RANK);
    String reflect = c.backendFor(TaskKind.REFLECT);
    boolean same = rank.equals(reflect)
        && (!"openai".equals(rank) || c.openAiSettings(TaskKind.RANK).equals(c.openAiSettings(TaskKind.REFLECT)));
    if (same) {
      return create(c, rank, TaskKind.RANK, "", env);
    }
    if ("embedded".equals(rank) || "embedded".equals(reflect)) {
      // the gateway follows policy updates only for an embedded policy that is the whole backend
      throw new ConfigException(GatewayConfig.BACKEND_RANK + "=" + rank + " with " + GatewayConfig.BACKEND_REFLECT
          + "=" + reflect + ": the embedded policy serves both task kinds or none (it follows policy updates "
          + "only as the whole backend)");
    }
    InferenceBackend forRank = create(c, rank, TaskKind.RANK, " for rank tasks", env);
    try {
      return new KindRoutedBackend(forRank, create(c, reflect, TaskKind.REFLECT, " for reflect tasks", env));
    } catch (RuntimeException e) {
      forRank.close();
      throw e;
    }
  }

  private static InferenceBackend create(GatewayConfig c, String backend, TaskKind kind, String purpose,
      Map<String, String> env) {
    return switch (backend) {
      case "triton" -> triton(c);
      case "openai" -> openAi(c.openAiSettings(kind).withPurpose(purpose), env, c);
      default -> embedded(c);
    };
  }

  private static InferenceBackend triton(GatewayConfig c) {
    TritonClient client = TritonClient.connect(c.tritonSettings());
    try {
      client.verify(c.tritonStartupTimeout());
    } catch (TritonSetupException e) {
      client.close();
      throw e;
    }
    return new TritonBackend(client, c.chatTemplate());
  }

  private static InferenceBackend openAi(OpenAiSettings s, Map<String, String> env, GatewayConfig c) {
    OpenAiClient client = OpenAiClient.connect(s, ApiKey.resolve(s.apiKeyFile(), env));
    try {
      client.verify(c.openAiStartupTimeout());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new OpenAiBackend(client);
  }

  private static InferenceBackend embedded(GatewayConfig c) {
    int batch = c.getBoolean(GatewayConfig.EMBEDDED_DETERMINISTIC) ? 1 : c.getInt(GatewayConfig.EMBEDDED_BATCH_SIZE);
    OnnxMiniLmEmbedder onnx = OnnxMiniLmEmbedder.create(c.embeddedCacheDir(),
        c.getInt(GatewayConfig.EMBEDDED_MAX_TOKENS), batch);
    int cached = c.getInt(GatewayConfig.EMBEDDED_CACHE_ITEMS);
    TextEmbedder embedder = cached > 0 ? new CachingTextEmbedder(onnx, cached) : onnx;
    return new EmbeddedBackend(embedder, initialScorer(c.getString(GatewayConfig.EMBEDDED_WEIGHTS_FILE)), onnx);
  }

  static LinearScorer initialScorer(String file) {
    if (file == null || file.isBlank()) {
      return LinearScorer.defaults();
    }
    try {
      return LinearScorer.fromJson(Files.readAllBytes(Path.of(file)), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + GatewayConfig.EMBEDDED_WEIGHTS_FILE + " " + file, e);
    }
  }
}
