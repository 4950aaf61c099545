package io.starec.core.policy.learn;

/** Linear scores {@code s_i = w . x_i} (the bias is left out: rankings and Plackett-Luce ignore it). */
public final class Scoring {

  private Scoring() {}

  public static double[] scores(double[][] features, double[] weights) {
    double[] s = new double[features.length];
    for (int i = 0; i < features.length; i++) {
      double v = 0;
      double[] row = features[i];
      for (int k = 0; k < weights.length; k++) {
        v += weights[k] * row[k];
      }
      s[i] = v;
    }
    return s;
  }
}
