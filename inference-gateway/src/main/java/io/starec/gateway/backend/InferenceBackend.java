package io.starec.gateway.backend;

/** Something that completes prompts: a Triton-served LLM or the embedded CPU policy. Thread-safe. */
public interface InferenceBackend extends AutoCloseable {

  /** Short name stored in results, e.g. "triton-vllm" or "embedded". */
  String name();

  /** The current model/policy version, for health output. */
  String modelVersion();

  /**
   * Completes one task.
   *
   * @throws BackendException on any failure, with its kind
   */
  BackendAnswer complete(BackendRequest request);

  @Override
  default void close() {}
}
