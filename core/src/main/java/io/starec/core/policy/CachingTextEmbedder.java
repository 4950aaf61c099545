package io.starec.core.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An LRU cache in front of a {@link TextEmbedder}: item texts repeat across tasks (the same catalogue), so
 * most signals cost a map lookup. Misses of one call are embedded in one batch. Thread-safe; two threads
 * missing the same text may both compute it, which is harmless.
 */
public final class CachingTextEmbedder implements TextEmbedder {

  private final TextEmbedder delegate;
  private final Map<String, float[]> cache;
  private long hits;
  private long misses;

  public CachingTextEmbedder(TextEmbedder delegate, int maxEntries) {
    this.delegate = delegate;
    this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<String> missing = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    synchronized (cache) {
      for (int i = 0; i < out.length; i++) {
        float[] v = cache.get(texts.get(i));
        if (v != null) {
          out[i] = v;
          hits++;
        } else {
          missing.add(texts.get(i));
          where.add(i);
          misses++;
        }
      }
    }
    if (!missing.isEmpty()) {
      float[][] fresh = delegate.embed(missing);
      synchronized (cache) {
        for (int k = 0; k < fresh.length; k++) {
          cache.put(missing.get(k), fresh[k]);
          out[where.get(k)] = fresh[k];
        }
      }
    }
    return out;
  }

  public long hits() {
    synchronized (cache) {
      return hits;
    }
  }

  public long misses() {
    synchronized (cache) {
      return misses;
    }
  }

  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }
}
