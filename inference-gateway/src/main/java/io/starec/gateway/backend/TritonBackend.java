package io.starec.gateway.backend;

import io.starec.avro.Sampling;
import io.starec.core.policy.PlackettLuce;
import io.starec.gateway.triton.ChatTemplate;
import io.starec.gateway.triton.Generation;
import io.starec.gateway.triton.GenerationRequest;
import io.starec.gateway.triton.ModelInfo;
import io.starec.gateway.triton.TritonClient;
import java.util.ArrayList;
import java.util.List;

/**
 * An LLM served by Triton: applies the chat template to the prompt's messages and sends one generation per
 * rollout on one stream, each with its own seed (task seed + rollout, or derived from the task id).
 */
public final class TritonBackend implements InferenceBackend {

  private final TritonClient client;
  private final ChatTemplate template;
  private final String version;

  /** @param client a verified client ({@link TritonClient#verify} already ran) */
  public TritonBackend(TritonClient client, ChatTemplate template) {
    this.client = client;
    this.template = template;
    ModelInfo m = client.model();
    if (m == null) {
      throw new IllegalStateException("verify the Triton client before use");
    }
    String v = client.settings().modelVersion();
    if ((v == null || v.isBlank()) && !m.versions().isEmpty()) {
      v = m.versions().get(m.versions().size() - 1);
    }
    this.version = m.name() + (v == null || v.isBlank() ? "" : "@" + v);
  }

  @Override
  public String name() {
    return "triton-" + client.settings().profile().key();
  }

  @Override
  public String modelVersion() {
    return version;
  }

  @Override
  public BackendAnswer complete(BackendRequest request) {
    String prompt = template.apply(request.prompt().messages());
    Sampling s = request.task().getSampling();
    List<GenerationRequest> reqs = new ArrayList<>(request.rollouts());
    for (int r = 0; r < request.rollouts(); r++) {
      long seed = s.getSeed() != null ? s.getSeed() + r : PlackettLuce.seed(null, request.task().getTaskId(), r);
      reqs.add(new GenerationRequest(request.task().getTaskId() + "/" + r, prompt, s.getMaxTokens(),
          s.getTemperature(), seed));
    }
    List<Generation> gens = Deadlines.await(client.generate(reqs, request.deadlineMs()), request.deadlineMs());
    List<Completion> out = new ArrayList<>(gens.size());
    for (int r = 0; r < gens.size(); r++) {
      out.add(new Completion(r, gens.get(r).text(), gens.get(r).logprob(), null));
    }
    return new BackendAnswer(out, version);
  }

  @Override
  public void close() {
    client.close();
  }
}
