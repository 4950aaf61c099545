package io.starec.core.policy.learn;

/**
 * Adam (Kingma and Ba 2015) with bias correction, minimising: {@code p -= lr * mhat / (sqrt(vhat) + eps)}.
 * Mutable state (m, v, t) that a checkpoint saves and restores.
 */
public final class Adam {

  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double EPSILON = 1e-8;

  private final double lr;
  private final double[] m;
  private final double[] v;
  private long t;

  public Adam(double lr, int size) {
    this(lr, new double[size], new double[size], 0);
  }

  public Adam(double lr, double[] m, double[] v, long t) {
    if (m.length != v.length) {
      throw new IllegalArgumentException("m and v differ in size");
    }
    this.lr = lr;
    this.m = m.clone();
    this.v = v.clone();
    this.t = t;
  }

  /** One step on {@code params} in place, descending {@code grad}. */
  public void step(double[] params, double[] grad) {
    t++;
    double c1 = 1 - Math.pow(BETA1, t);
    double c2 = 1 - Math.pow(BETA2, t);
    for (int i = 0; i < params.length; i++) {
      m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
      v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
      params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
    }
  }

  public double lr() {
    return lr;
  }

  public double[] m() {
    return m.clone();
  }

  public double[] v() {
    return v.clone();
  }

  public long t() {
    return t;
  }
}
