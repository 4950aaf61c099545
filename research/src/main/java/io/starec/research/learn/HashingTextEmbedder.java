package io.starec.research.learn;

import io.starec.core.policy.TextEmbedder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic stand-in for MiniLM: lower-cased word tokens hashed (FNV-1a) into a fixed number of
 * dimensions with a sign bit, L2-normalised. Texts sharing words (genres, title words) get positive cosines.
 * For tests and machines without the ONNX model; the real runs use the gateway's MiniLM embedder.
 */
public final class HashingTextEmbedder implements TextEmbedder {

  private final int dimension;

  public HashingTextEmbedder(int dimension) {
    this.dimension = dimension;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String name() {
    return "hashing-" + dimension;
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int t = 0; t < out.length; t++) {
      float[] v = new float[dimension];
      for (String token : texts.get(t).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (token.isEmpty()) {
          continue;
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
          h ^= (b & 0xff);
          h *= 0x100000001b3L;
        }
        int index = (int) Math.floorMod(h, (long) dimension);
        v[index] += ((h >>> 63) == 0) ? 1f : -1f;
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      if (norm > 0) {
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
          v[i] *= inv;
        }
      }
      out[t] = v;
    }
    return out;
  }
}
