package io.starec.core.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void theFirstStepMovesEachParameterByTheLearningRateAgainstItsGradientSign() {
    // after bias correction m_hat = g and v_hat = g^2, so the step is lr * g / (|g| + eps)
    Adam adam = new Adam(0.1, 3);
    double[] p = {1.0, 1.0, 1.0};
    adam.step(p, new double[] {2.0, -0.5, 0.0});
    assertThat(p[0]).isCloseTo(1.0 - 0.1 * 2.0 / (2.0 + 1e-8), within(1e-12));
    assertThat(p[1]).isCloseTo(1.0 + 0.1 * 0.5 / (0.5 + 1e-8), within(1e-12));
    assertThat(p[2]).isEqualTo(1.0);
    assertThat(adam.t()).isEqualTo(1);
  }

  @Test
  void theSecondStepUsesBiasCorrectedMoments() {
    Adam adam = new Adam(0.01, 1);
    double[] p = {0.0};
    adam.step(p, new double[] {1.0});
    adam.step(p, new double[] {3.0});
    double m = 0.9 * 0.1 * 1.0 + 0.1 * 3.0;
    double v = 0.999 * 0.001 * 1.0 + 0.001 * 9.0;
    double mhat = m / (1 - 0.81);
    double vhat = v / (1 - 0.999 * 0.999);
    double p1 = -0.01 * 1.0 / (1.0 + 1e-8);
    assertThat(p[0]).isCloseTo(p1 - 0.01 * mhat / (Math.sqrt(vhat) + 1e-8), within(1e-12));
  }

  @Test
  void itMinimisesAQuadratic() {
    Adam adam = new Adam(0.05, 2);
    double[] p = {3.0, -2.0};
    for (int i = 0; i < 2_000; i++) {
      adam.step(p, new double[] {2 * (p[0] - 1), 2 * (p[1] + 1)});
    }
    assertThat(p[0]).isCloseTo(1.0, within(1e-3));
    assertThat(p[1]).isCloseTo(-1.0, within(1e-3));
  }

  @Test
  void stateRestoresExactly() {
    Adam a = new Adam(0.1, 2);
    double[] p = {0.5, 0.5};
    a.step(p, new double[] {1, 2});
    Adam b = new Adam(a.lr(), a.m(), a.v(), a.t());
    double[] p1 = p.clone();
    double[] p2 = p.clone();
    a.step(p1, new double[] {0.3, -0.1});
    b.step(p2, new double[] {0.3, -0.1});
    assertThat(p1).containsExactly(p2);
  }
}
