package io.starec.gateway.service;

import io.starec.core.policy.CachingTextEmbedder;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.TextEmbedder;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.gateway.backend.TritonBackend;
import io.starec.gateway.embedded.OnnxMiniLmEmbedder;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonSetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the configured backend; a Triton backend is verified here, so a wrong model fails at start. */
public final class Backends {

  private Backends() {}

  public static InferenceBackend create(GatewayConfig c) {
    if (c.tritonBackend()) {
      TritonClient client = TritonClient.connect(c.tritonSettings());
      try {
        client.verify(c.tritonStartupTimeout());
      } catch (TritonSetupException e) {
        client.close();
        throw e;
      }
      return new TritonBackend(client, c.chatTemplate());
    }
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
