package io.starec.core.policy;

import java.util.List;

/**
 * Sentence embeddings for the embedded policy's text-similarity signals. Implementations return unit-length
 * vectors (so a dot product is a cosine) and must be thread-safe. The gateway's implementation is MiniLM on
 * ONNX Runtime; tests and a trainer may plug in anything with the same contract.
 */
public interface TextEmbedder {

  /** Vector length. */
  int dimension();

  /** One unit vector per text, in order. */
  float[][] embed(List<String> texts);

  default float[] embed(String text) {
    return embed(List.of(text))[0];
  }

  /** A short name for model-version strings, e.g. "all-minilm-l6-v2-q". */
  default String name() {
    return getClass().getSimpleName();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
