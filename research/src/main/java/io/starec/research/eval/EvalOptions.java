package io.starec.research.eval;

import io.starec.research.baseline.BprMf;
import java.util.Map;
import java.util.Objects;

/**
 * Settings that methods may read when they are created.
 *
 * @param bpr BPR-MF hyperparameters (bpr, bpr_full)
 * @param tritonUrl Triton endpoint for the {@code triton} method, null when not given
 * @param reflection whether live methods run slow thinking (reflection); false reproduces LLMRank
 * @param extra further settings for method providers (e.g. a broker address)
 */
public record EvalOptions(BprMf.Config bpr, String tritonUrl, boolean reflection, Map<String, String> extra) {

  public EvalOptions {
    Objects.requireNonNull(bpr, "bpr");
    extra = Map.copyOf(extra);
  }

  public static EvalOptions defaults() {
    return new EvalOptions(BprMf.Config.defaults(), null, true, Map.of());
  }

  public EvalOptions withBpr(BprMf.Config v) {
    return new EvalOptions(v, tritonUrl, reflection, extra);
  }

  public EvalOptions withTritonUrl(String v) {
    return new EvalOptions(bpr, v, reflection, extra);
  }

  public EvalOptions withReflection(boolean v) {
    return new EvalOptions(bpr, tritonUrl, v, extra);
  }
}
