package io.starec.gateway.service;

import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.TaskKind;
import io.starec.core.parse.ParsedRanking;
import io.starec.core.parse.ParsedReflection;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.policy.LoggedFeatures;
import io.starec.gateway.backend.Completion;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a backend's {@link Completion} becomes an {@link InferenceOutput}. What the gateway
 * guarantees to every consumer of the results topic (stream-app only checks it):
 *
 * <ul>
 *   <li><b>RANK:</b> {@code ranking} is a full permutation of the task's candidates. It is repaired once, here,
 *       by the {@link RankingParser} (hallucinated and repeated lines dropped, unranked candidates appended);
 *       {@code parseIssues} say what was repaired. Scores, when the backend has them, are its per-candidate
 *       scores.</li>
 *   <li><b>RANK, embedded policy:</b> {@code policyFeatures}, when present, are aligned to exactly that ranking
 *       ({@code order} is its rows, best first), so the learner credits the ranking that is served and
 *       rewarded. Features that cannot be aligned (not the task's candidates, a malformed matrix) are dropped,
 *       never sent misaligned.</li>
 *   <li><b>REFLECT:</b> the description the {@link ReflectionParser} read; no ranking, no features.</li>
 * </ul>
 * Every parse issue also goes to {@code issues} (the gateway's parse-issue counter).
 */
final class CompletionParser {

  private static final Logger LOG = LoggerFactory.getLogger(CompletionParser.class);

  private final RankingParser rankingParser;
  private final ReflectionParser reflectionParser;
  private final Consumer<String> issues;

  CompletionParser(RankingParser rankingParser, ReflectionParser reflectionParser, Consumer<String> issues) {
    this.rankingParser = rankingParser;
    this.reflectionParser = reflectionParser;
    this.issues = issues;
  }

  InferenceOutput parse(Completion c, InferenceTask task) {
    return task.getKind() == TaskKind.REFLECT ? reflection(c) : ranking(c, task);
  }

  private InferenceOutput ranking(Completion c, InferenceTask task) {
    ParsedRanking p = rankingParser.parse(c.text(), task.getCandidates());
    p.issues().forEach(issues);
    PolicyFeatures features = LoggedFeatures.alignedTo(c.features(), p.itemIds());
    if (c.features() != null && features == null) {
      LOG.warn("task {} rollout {}: policy features do not fit the parsed ranking; dropped", task.getTaskId(),
          c.rollout());
    }
    return InferenceOutput.newBuilder().setRollout(c.rollout()).setText(c.text()).setRationale(p.rationale())
        .setRanking(p.toRankedItems(c.scores())).setUpdatedDescription(null).setParseIssues(p.issues())
        .setLogprob(c.logprob()).setPolicyFeatures(features).build();
  }

  private InferenceOutput reflection(Completion c) {
    ParsedReflection p = reflectionParser.parse(c.text());
    p.issues().forEach(issues);
    return InferenceOutput.newBuilder().setRollout(c.rollout()).setText(c.text()).setRationale(p.rationale())
        .setUpdatedDescription(p.description()).setParseIssues(p.issues()).setLogprob(c.logprob()).build();
  }
}
