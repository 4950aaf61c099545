package io.starec.core.policy;

import java.util.List;
import java.util.Locale;

/** A deterministic bag-of-words embedder for tests: texts sharing words are similar. */
public final class HashingEmbedder implements TextEmbedder {

  private static final int DIM = 128;
  private int calls;
  private int texts;

  @Override
  public int dimension() {
    return DIM;
  }

  @Override
  public synchronized float[][] embed(List<String> in) {
    calls++;
    texts += in.size();
    float[][] out = new float[in.size()][DIM];
    for (int i = 0; i < in.size(); i++) {
      for (String w : in.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!w.isEmpty()) {
          out[i][Math.floorMod(w.hashCode(), DIM)] += 1;
        }
      }
      double norm = 0;
      for (float v : out[i]) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < DIM && norm > 0; d++) {
        out[i][d] /= (float) norm;
      }
    }
    return out;
  }

  public synchronized int calls() {
    return calls;
  }

  public synchronized int texts() {
    return texts;
  }
}
