package io.starec.research.eval;

import io.starec.research.protocol.TrainingScope;

import io.starec.research.baseline.BprMf;
import io.starec.research.baseline.ItemKnn;
import io.starec.research.baseline.Popularity;
import io.starec.research.baseline.RandomRanking;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Method names to {@link EvalMethod}s. Baselines are built in (training scopes per DESIGN §8):
 *
 * <ul>
 *   <li>{@code pop}: Pop on FULL (the paper trains Pop on the complete data); {@code pop_sample} on SAMPLE;
 *   <li>{@code bpr}: BPR-MF on SAMPLE (the paper's BPR_sample); {@code bpr_full} on FULL;
 *   <li>{@code itemknn}: ItemKNN on FULL; {@code itemknn_sample} on SAMPLE;
 *   <li>{@code random}: a random permutation (sanity floor).
 * </ul>
 *
 * Other names ({@code embedded}, {@code triton}) come from {@link EvalMethodProvider}s.
 */
public final class EvalMethods {

  public static final List<String> BASELINES =
      List.of("pop", "pop_sample", "bpr", "bpr_full", "itemknn", "itemknn_sample", "random");

  /** Methods run through the live pipeline (issue 5), provided outside core. */
  public static final List<String> LIVE = List.of("embedded", "triton");

  private EvalMethods() {}

  /** Creates a method, looking up providers with {@link ServiceLoader} for non-baseline names. */
  public static EvalMethod create(String name, EvalOptions options) {
    return create(name, options, ServiceLoader.load(EvalMethodProvider.class));
  }

  public static EvalMethod create(String name, EvalOptions options, Iterable<EvalMethodProvider> providers) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    BprMf.Config bpr = options.bpr();
    switch (n) {
      case "pop":
        return new BaselineMethod(n, (data, seed) -> Popularity.fit(data, TrainingScope.FULL));
      case "pop_sample":
        return new BaselineMethod(n, (data, seed) -> Popularity.fit(data, TrainingScope.SAMPLE));
      case "bpr":
      case "bpr_sample":
        return new BaselineMethod("bpr", (data, seed) -> BprMf.train(data, TrainingScope.SAMPLE, bpr, seed));
      case "bpr_full":
        return new BaselineMethod(n, (data, seed) -> BprMf.train(data, TrainingScope.FULL, bpr, seed));
      case "itemknn":
        return new BaselineMethod(n, (data, seed) -> ItemKnn.fit(data, TrainingScope.FULL));
      case "itemknn_sample":
        return new BaselineMethod(n, (data, seed) -> ItemKnn.fit(data, TrainingScope.SAMPLE));
      case "random":
        return new BaselineMethod(n, (data, seed) -> new RandomRanking(seed));
      default:
        break;
    }
    if (n.equals("triton") && (options.tritonUrl() == null || options.tritonUrl().isBlank())) {
      throw new IllegalArgumentException("method triton needs --triton-url");
    }
    for (EvalMethodProvider provider : providers) {
      Optional<EvalMethod> method = provider.create(n, options);
      if (method.isPresent()) {
        return method.get();
      }
    }
    if (LIVE.contains(n)) {
      throw new IllegalArgumentException("method " + n + " requires the live pipeline runner (issue 5)");
    }
    throw new IllegalArgumentException("unknown method '" + name + "', expected one of "
        + BASELINES + " or " + LIVE);
  }
}
