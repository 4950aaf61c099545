package io.starec.gateway.triton;

/**
 * The text a model generated for one request, streamed pieces concatenated.
 *
 * @param id the request id
 * @param text the completion
 * @param logprob cumulative log-probability when the model returned one, else null
 * @param responses how many stream responses carried it
 */
public record Generation(String id, String text, Double logprob, int responses) {}
