package io.starec.gateway.backend;

import io.starec.avro.Sampling;
import io.starec.core.policy.PlackettLuce;
import io.starec.gateway.openai.ChatChoice;
import io.starec.gateway.openai.ChatRequest;
import io.starec.gateway.openai.OpenAiClient;
import io.starec.gateway.openai.OpenAiSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LLM behind an OpenAI-compatible Chat Completions server. The prompt's messages go as they are (the server
 * applies the model's chat template). n rollouts go as one request with {@code n} choices; a server that refuses
 * n > 1 (HTTP 400, e.g. llama.cpp) or answers fewer choices (e.g. Ollama, which ignores n) gets one request per
 * missing rollout instead, from then on for every task. Separate requests are sent together, each with its own
 * seed (task seed + rollout, or derived from the task id), like the Triton backend's.
 */
public final class OpenAiBackend implements InferenceBackend {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiBackend.class);

  private final OpenAiClient client;
  private final AtomicBoolean choicesPerRequest;

  /** @param client a verified client ({@link OpenAiClient#verify} already ran) */
  public OpenAiBackend(OpenAiClient client) {
    if (client.model() == null) {
      throw new IllegalStateException("verify the OpenAI client before use");
    }
    this.client = client;
    this.choicesPerRequest = new AtomicBoolean(client.settings().rollouts() == OpenAiSettings.Rollouts.AUTO);
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public String modelVersion() {
    return client.model();
  }

  /** Whether n rollouts still go as one request with n choices (false once the server refused or ignored n). */
  public boolean asksForNChoices() {
    return choicesPerRequest.get();
  }

  @Override
  public BackendAnswer complete(BackendRequest request) {
    int n = request.rollouts();
    long deadline = request.deadlineMs();
    List<ChatChoice> got = new ArrayList<>(n);
    if (n > 1 && choicesPerRequest.get()) {
      try {
        got.addAll(Deadlines.await(client.chat(chat(request, 0, n), deadline), deadline));
      } catch (BackendException e) {
        if (e.kind() != ErrorKind.MODEL_ERROR) {
          throw e;
        }
        // a refusal of n, or of the request itself: one rollout alone tells which (and fails with the real reason)
        got.addAll(Deadlines.await(client.chat(chat(request, 0, 1), deadline), deadline));
        separateFromNow("refused n=" + n + " (" + e.getMessage() + ")");
      }
      if (got.size() > n) {
        got.subList(n, got.size()).clear();
      } else if (got.size() < n) {
        separateFromNow("answered " + got.size() + " of n=" + n + " choices");
      }
    }
    List<CompletableFuture<List<ChatChoice>>> rest = new ArrayList<>();
    for (int r = got.size(); r < n; r++) {
      rest.add(client.chat(chat(request, r, 1), deadline));
    }
    for (List<ChatChoice> one : Deadlines.await(Deadlines.all(rest), deadline)) {
      if (one.isEmpty()) {
        throw new BackendException(ErrorKind.PROTOCOL, client.settings().where() + " answered no choice");
      }
      got.add(one.get(0));
    }
    List<Completion> out = new ArrayList<>(n);
    for (int r = 0; r < got.size(); r++) {
      out.add(new Completion(r, got.get(r).text(), got.get(r).logprob(), null));
    }
    return new BackendAnswer(out, client.model());
  }

  private void separateFromNow(String why) {
    if (choicesPerRequest.compareAndSet(true, false)) {
      LOG.info("{} {}: from now on each rollout is a request of its own (openai.rollouts=separate skips this "
          + "probe)", client.settings().where(), why);
    }
  }

  /** The request for rollouts {@code first .. first + n - 1}, seeded by its first rollout. */
  private static ChatRequest chat(BackendRequest request, int first, int n) {
    Sampling s = request.task().getSampling();
    // 31 bits: llama.cpp reads the seed as uint32, others as int64
    long seed = s.getSeed() != null ? s.getSeed() + first
        : PlackettLuce.seed(null, request.task().getTaskId(), first) & 0x7fffffffL;
    return new ChatRequest(request.prompt().messages(), n, seed, s.getTemperature(), s.getMaxTokens());
  }

  @Override
  public void close() {
    client.close();
  }
}
