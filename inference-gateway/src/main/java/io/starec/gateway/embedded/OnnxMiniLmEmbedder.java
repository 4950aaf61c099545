package io.starec.gateway.embedded;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.starec.core.policy.TextEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantised) sentence embeddings on ONNX Runtime, without langchain4j's encoder (which cuts
 * at 128 tokens): DJL's tokenizer without its own truncation or padding, then our truncation to
 * {@code maxTokens} (256 = the model's sentence-transformers length) keeping [CLS] and [SEP], padding per batch,
 * one intra-op thread (more threads lose on small shared machines), batches of {@code batchSize}, mean pooling
 * over the attention mask and L2 normalisation. Thread-safe (ORT sessions are).
 *
 * <p>The quantised model quantises activations dynamically over the whole input tensor, so a text's vector
 * depends slightly on the other texts of its batch (cosine ~0.993). Batch size 1 makes vectors exact and
 * reproducible (the gateway's default, {@code embedded.deterministic}); larger batches are ~4x faster.
 */
public final class OnnxMiniLmEmbedder implements TextEmbedder, AutoCloseable {

  public static final int DIMENSION = 384;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final int maxTokens;
  private final int batchSize;
  private final boolean typeIds;

  private OnnxMiniLmEmbedder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, int maxTokens,
      int batchSize) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.batchSize = batchSize;
    this.typeIds = session.getInputNames().contains("token_type_ids");
  }

  /** Loads the model from {@code cacheDir} (copying it out of the jar on first use). */
  public static OnnxMiniLmEmbedder create(Path cacheDir, int maxTokens, int batchSize) {
    if (maxTokens < 8 || maxTokens > 512) {
      throw new IllegalArgumentException("maxTokens must be in 8..512, was " + maxTokens);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1");
    }
    Path dir = ModelFiles.materialise(cacheDir);
    try {
      HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder().optTokenizerPath(dir.resolve("tokenizer.json"))
          .optPadding(false).optTruncation(false).build();
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(dir.resolve("model.onnx").toString(), so);
      return new OnnxMiniLmEmbedder(env, session, tok, maxTokens, batchSize);
    } catch (IOException | OrtException e) {
      throw new IllegalStateException("cannot load the MiniLM embedder from " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public String name() {
    return "all-minilm-l6-v2-q";
  }

  @Override
  public float[][] embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
      float[][] e = embedBatch(batch);
      System.arraycopy(e, 0, out, from, e.length);
    }
    return out;
  }

  private float[][] embedBatch(List<String> texts) {
    List<String> safe = new ArrayList<>(texts.size());
    for (String t : texts) {
      // the tokenizer's cost grows with the text: cut far beyond what maxTokens can use
      String s = t == null ? "" : t;
      safe.add(s.length() > maxTokens * 12 ? s.substring(0, maxTokens * 12) : s);
    }
    Encoding[] enc = tokenizer.batchEncode(safe);
    int n = enc.length;
    int len = 0;
    long[][] ids = new long[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = truncate(enc[i].getIds());
      len = Math.max(len, ids[i].length);
    }
    long[][] inputIds = new long[n][len];
    long[][] mask = new long[n][len];
    long[][] types = new long[n][len];
    for (int i = 0; i < n; i++) {
      System.arraycopy(ids[i], 0, inputIds[i], 0, ids[i].length);
      for (int j = 0; j < ids[i].length; j++) {
        mask[i][j] = 1;
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(env, inputIds));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
      }
      try (OrtSession.Result r = session.run(inputs)) {
        float[][][] hidden = (float[][][]) r.get(0).getValue();
        return pool(hidden, mask);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** Keeps the first maxTokens-1 ids and the final [SEP]. */
  private long[] truncate(long[] ids) {
    if (ids.length <= maxTokens) {
      return ids;
    }
    long[] t = new long[maxTokens];
    System.arraycopy(ids, 0, t, 0, maxTokens - 1);
    t[maxTokens - 1] = ids[ids.length - 1];
    return t;
  }

  static float[][] pool(float[][][] hidden, long[][] mask) {
    float[][] out = new float[hidden.length][];
    for (int i = 0; i < hidden.length; i++) {
      int dim = hidden[i][0].length;
      float[] v = new float[dim];
      int count = 0;
      for (int t = 0; t < hidden[i].length; t++) {
        if (mask[i][t] == 0) {
          continue;
        }
        count++;
        for (int d = 0; d < dim; d++) {
          v[d] += hidden[i][t][d];
        }
      }
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        v[d] /= Math.max(1, count);
        norm += v[d] * v[d];
      }
      norm = Math.sqrt(norm);
      for (int d = 0; d < dim && norm > 0; d++) {
        v[d] /= (float) norm;
      }
      out[i] = v;
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing left to release
    }
    tokenizer.close();
  }
}
