package io.starec.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.avro.PolicyUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * score(item) = bias + sum_k w_k * x_k: the embedded policy's utility, the logit of its Plackett-Luce
 * distribution. Immutable; a new version arrives as a {@link PolicyUpdate} of kind {@value #KIND} whose
 * payload is JSON {@code {"weights": {"liked_sim": 3.0, ...}, "bias": 0.0}}. Features absent from the
 * payload weigh 0; unknown names are ignored (and listed by {@link #ignoredKeys()}).
 */
public final class LinearScorer {

  public static final String KIND = "linear-scorer-v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final double[] weights;
  private final double bias;
  private final long version;
  private final List<String> ignoredKeys;

  public LinearScorer(double[] weights, double bias, long version) {
    this(weights, bias, version, List.of());
  }

  private LinearScorer(double[] weights, double bias, long version, List<String> ignoredKeys) {
    if (weights.length != Feature.count()) {
      throw new IllegalArgumentException("expected " + Feature.count() + " weights, got " + weights.length);
    }
    for (double w : weights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("weights must be finite");
      }
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("bias must be finite");
    }
    this.weights = weights.clone();
    this.bias = bias;
    this.version = version;
    this.ignoredKeys = List.copyOf(ignoredKeys);
  }

  /**
   * Hand-set weights, version 0: text similarity to the liked history and the collaborative co-occurrence
   * carry most, genre/era taste and popularity break ties, disliked resemblance pushes down.
   */
  public static LinearScorer defaults() {
    double[] w = new double[Feature.count()];
    w[Feature.DESCRIPTION_SIM.ordinal()] = 1.0;
    w[Feature.LIKED_SIM.ordinal()] = 3.0;
    w[Feature.LIKED_MAX_SIM.ordinal()] = 1.5;
    w[Feature.DISLIKED_SIM.ordinal()] = -1.0;
    w[Feature.COOCCURRENCE.ordinal()] = 2.0;
    w[Feature.GENRE_AFFINITY.ordinal()] = 1.5;
    w[Feature.GENRE_AVERSION.ordinal()] = -0.5;
    w[Feature.ERA_AFFINITY.ordinal()] = 0.5;
    w[Feature.POPULARITY.ordinal()] = 1.0;
    w[Feature.LIKE_RATE.ordinal()] = 0.5;
    return new LinearScorer(w, 0.0, 0L);
  }

  public double score(double[] features) {
    double s = bias;
    for (int k = 0; k < weights.length; k++) {
      s += weights[k] * features[k];
    }
    return s;
  }

  public double[] scores(double[][] features) {
    double[] out = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      out[i] = score(features[i]);
    }
    return out;
  }

  public double weight(Feature f) {
    return weights[f.ordinal()];
  }

  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  public long version() {
    return version;
  }

  public List<String> ignoredKeys() {
    return ignoredKeys;
  }

  public LinearScorer withVersion(long v) {
    return new LinearScorer(weights, bias, v, ignoredKeys);
  }

  /** Parses a {@value #KIND} payload. */
  public static LinearScorer fromJson(byte[] payload, long version) {
    try {
      JsonNode root = JSON.readTree(payload);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("scorer payload must be a JSON object");
      }
      JsonNode ws = root.path("weights");
      if (!ws.isObject()) {
        throw new IllegalArgumentException("scorer payload needs an object 'weights'");
      }
      double[] w = new double[Feature.count()];
      List<String> ignored = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = ws.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Feature f = Feature.byKey(e.getKey());
        if (f == null) {
          ignored.add(e.getKey());
          continue;
        }
        if (!e.getValue().isNumber()) {
          throw new IllegalArgumentException("weight '" + e.getKey() + "' is not a number");
        }
        w[f.ordinal()] = e.getValue().asDouble();
      }
      JsonNode b = root.path("bias");
      double bias = b.isNumber() ? b.asDouble() : 0.0;
      return new LinearScorer(w, bias, version, ignored);
    } catch (IOException e) {
      throw new IllegalArgumentException("scorer payload is not JSON: " + e.getMessage(), e);
    }
  }

  /** The scorer of a policy update; fails on another kind or a missing/invalid payload. */
  public static LinearScorer fromPolicyUpdate(PolicyUpdate update) {
    if (!KIND.equals(update.getKind())) {
      throw new IllegalArgumentException("unsupported policy kind '" + update.getKind() + "', expected " + KIND);
    }
    if (update.getPayload() == null) {
      throw new IllegalArgumentException("policy update " + update.getVersion() + " has no inline payload");
    }
    java.nio.ByteBuffer buf = update.getPayload().duplicate();
    byte[] bytes = new byte[buf.remaining()];
    buf.get(bytes);
    return fromJson(bytes, update.getVersion());
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode ws = root.putObject("weights");
    for (Feature f : Feature.values()) {
      ws.put(f.key(), weights[f.ordinal()]);
    }
    root.put("bias", bias);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LinearScorer{v" + version + ", bias=" + bias + ", weights=" + Arrays.toString(weights) + "}";
  }
}
