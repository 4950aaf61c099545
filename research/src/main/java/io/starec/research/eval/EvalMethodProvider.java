package io.starec.research.eval;

import java.util.Optional;

/**
 * Creates methods that live outside core (the live pipeline's {@code embedded} and {@code triton}).
 * Found with {@link java.util.ServiceLoader} (a {@code META-INF/services/io.starec.research.eval.EvalMethodProvider}
 * file in the providing module) or passed to {@link EvalMethods#create(String, EvalOptions, Iterable)}.
 */
public interface EvalMethodProvider {

  /** The method called {@code name}, or empty when this provider does not know it. */
  Optional<EvalMethod> create(String name, EvalOptions options);
}
