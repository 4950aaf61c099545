package io.starec.gateway.triton;

/**
 * One text generation on a Triton LLM model.
 *
 * @param id request id, unique on its stream (responses are correlated by it)
 * @param prompt already chat-templated text for {@code text_input}
 * @param maxTokens completion token limit
 * @param temperature 0 = greedy
 * @param seed sampling seed
 */
public record GenerationRequest(String id, String prompt, int maxTokens, double temperature, long seed) {}
