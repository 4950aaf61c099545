package io.starec.gateway.backend;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.PolicyUpdate;
import io.starec.avro.TaskKind;
import io.starec.core.policy.EmbeddedPolicy;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.LoggedFeatures;
import io.starec.core.policy.TextEmbedder;
import io.starec.core.prompt.PromptDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded CPU policy as a backend: {@link EmbeddedPolicy} with a hot-swappable {@link LinearScorer}. A
 * {@link PolicyUpdate} of kind {@value LinearScorer#KIND} with a newer version replaces the scorer atomically;
 * a task uses the scorer it started with. Every RANK rollout carries its {@link PolicyFeatures} (feature matrix,
 * the scores it was sampled from, its sampled order); the gateway aligns them to the parsed ranking and stream-app
 * copies them into the reward records for the live learner.
 */
public final class EmbeddedBackend implements InferenceBackend {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackend.class);

  private final EmbeddedPolicy policy;
  private final String embedderName;
  private final AtomicReference<LinearScorer> scorer;
  private final AutoCloseable resource;

  public EmbeddedBackend(TextEmbedder embedder, LinearScorer initial) {
    this(embedder, initial, null);
  }

  /** @param resource closed with the backend (e.g. the ONNX session), or null */
  public EmbeddedBackend(TextEmbedder embedder, LinearScorer initial, AutoCloseable resource) {
    this.policy = new EmbeddedPolicy(embedder);
    this.embedderName = embedder.name();
    this.scorer = new AtomicReference<>(initial);
    this.resource = resource;
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public String modelVersion() {
    return version(scorer.get());
  }

  private String version(LinearScorer s) {
    return "embedded/" + embedderName + "/" + LinearScorer.KIND + "@" + s.version();
  }

  public LinearScorer scorer() {
    return scorer.get();
  }

  /**
   * Offers a policy update; returns true when it was applied.
   *
   * @throws IllegalArgumentException when the payload is unreadable (the caller logs and skips it)
   */
  public boolean offer(PolicyUpdate update) {
    LinearScorer next = LinearScorer.fromPolicyUpdate(update);
    while (true) {
      LinearScorer cur = scorer.get();
      if (next.version() <= cur.version()) {
        return false;
      }
      if (scorer.compareAndSet(cur, next)) {
        if (!next.ignoredKeys().isEmpty()) {
          LOG.warn("policy {} v{}: ignored unknown weights {}", update.getPolicyName(), next.version(),
              next.ignoredKeys());
        }
        LOG.info("embedded policy swapped to {} v{}", update.getPolicyName(), next.version());
        return true;
      }
    }
  }

  @Override
  public BackendAnswer complete(BackendRequest request) {
    InferenceTask task = request.task();
    LinearScorer s = scorer.get();
    List<Completion> out = new ArrayList<>();
    try {
      if (task.getKind() == TaskKind.REFLECT) {
        String text = policy.reflect(task.getMemory(), task.getReflection(), PromptDomain.of(task.getDomain()));
        for (int r = 0; r < request.rollouts(); r++) {
          out.add(new Completion(r, text, null, null));
        }
      } else {
        EmbeddedPolicy.Ranking ranking = policy.rankWithFeatures(task, s);
        // the matrix, ids and pi_old scores are the same for every rollout of the task: build them once
        List<String> names = LoggedFeatures.names();
        List<String> itemIds = new ArrayList<>(task.getCandidates().size());
        for (CandidateItem c : task.getCandidates()) {
          itemIds.add(c.getItemId());
        }
        List<Double> values = LoggedFeatures.values(ranking.features().values());
        List<Double> scores = null;
        for (EmbeddedPolicy.Rollout r : ranking.rollouts()) {
          if (scores == null) {
            scores = LoggedFeatures.boxed(r.scores());
          }
          PolicyFeatures pf = LoggedFeatures.of(names, itemIds, values, scores, r.order(), ranking.temperature());
          out.add(new Completion(r.rollout(), r.text(), r.logprob(), r.scores(), pf));
        }
      }
    } catch (RuntimeException e) {
      throw new BackendException(ErrorKind.INTERNAL, "embedded policy failed: " + e, e);
    }
    return new BackendAnswer(out, version(s));
  }

  @Override
  public void close() {
    if (resource != null) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing the embedder failed", e);
      }
    }
  }
}
