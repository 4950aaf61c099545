package io.starec.pipeline.liveeval;

import io.starec.research.eval.EvalMethod;
import io.starec.research.eval.EvalMethodProvider;
import io.starec.research.eval.EvalOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Provides {@code embedded} and {@code triton} to {@code starec eval} (found by ServiceLoader). Settings come from
 * {@link EvalOptions#extra()} or, when absent there, from system properties {@code starec.<key>} (e.g.
 * {@code STAREC_JAVA_OPTS=-Dstarec.live.simulate.last=5 ./starec eval ...}):
 *
 * <ul>
 *   <li>{@code live.simulate.last} (10): history interactions per test user replayed with a simulated ranking;
 *   <li>{@code live.training} (sample): which other interactions are replayed first: sample (the sampled training
 *       users' windows), full (every interaction before the targets), none (only the test users' histories);
 *   <li>{@code live.in.flight} (16): users waiting for a ranking at once;
 *   <li>{@code live.response.timeout.ms} (120000): wait per ranking before counting it degraded;
 *   <li>{@code live.bootstrap} (none): an external broker instead of the in-JVM one; {@code live.registry}
 *       (mock://...) its registry; {@code live.partitions} (3).
 * </ul>
 */
public final class LiveEvalProvider implements EvalMethodProvider {

  @Override
  public Optional<EvalMethod> create(String name, EvalOptions options) {
    if (!name.equals("embedded") && !name.equals("triton")) {
      return Optional.empty();
    }
    Map<String, String> extra = options.extra();
    LiveEvalMethod.Settings s = new LiveEvalMethod.Settings(name, options.tritonUrl(), options.reflection(),
        Integer.parseInt(get(extra, "live.simulate.last", "10")), get(extra, "live.training", "sample"),
        Integer.parseInt(get(extra, "live.in.flight", "16")),
        Duration.ofMillis(Long.parseLong(get(extra, "live.response.timeout.ms", "120000"))),
        get(extra, "live.bootstrap", null), get(extra, "live.registry", null),
        Integer.parseInt(get(extra, "live.partitions", "3")));
    return Optional.of(new LiveEvalMethod(name, s));
  }

  static String get(Map<String, String> extra, String key, String fallback) {
    String v = extra.get(key);
    if (v == null) {
      v = System.getProperty("starec." + key);
    }
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
