package io.starec.trainer.sft;

import io.starec.avro.ChatMessage;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.parse.ParsedRanking;
import io.starec.core.parse.ParsedReflection;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.metric.Ndcg;
import io.starec.trainer.export.ParsedGroundTruth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's SFT screening (section 4.2.1), applied to one reward record. Format validation: a chain of
 * thought, a full ranking written by the model, the positive item found in it, preference keywords present;
 * then informativeness: NDCG@10 at least a threshold. Every failed check is reported (not only the first), so
 * the statistics say how often each problem occurs.
 *
 * <p>Completions are read with the gateway's parsers (linear in any input, capped): the ranking with
 * {@link RankingParser}, the chain of thought and the updated description with it or {@link ReflectionParser}.
 * NDCG is computed from the lines the model wrote (a positive the parser appended is "not found"), which is stricter than the record's ndcgAt10.
 * When the ground truth carries plain candidate ids without titles, lines can only be matched by number, so
 * the record's positiveRank and ndcgAt10 decide instead.
 */
public final class SftScreen {

  /** The outcome for one record. */
  public record Verdict(boolean accepted, List<RejectReason> reasons, double ndcgAt10, String rationale) {}

  private final RankingParser parser = new RankingParser();
  private final ReflectionParser reflectionParser = new ReflectionParser();
  private final double ndcgThreshold;
  private final int minThinkChars;
  private final List<String> keywords;
  private final Set<TaskKind> tasks;

  public SftScreen(double ndcgThreshold, int minThinkChars, List<String> keywords, Set<TaskKind> tasks) {
    this.ndcgThreshold = ndcgThreshold;
    this.minThinkChars = minThinkChars;
    this.keywords = keywords.stream().map(k -> k.trim().toLowerCase(Locale.ROOT)).filter(k -> !k.isEmpty()).toList();
    this.tasks = Set.copyOf(tasks);
  }

  public Verdict screen(RewardRecord r) {
    List<RejectReason> reasons = new ArrayList<>();
    if (!tasks.contains(r.getTask())) {
      reasons.add(RejectReason.TASK_EXCLUDED);
      return new Verdict(false, reasons, r.getNdcgAt10(), "");
    }
    if (!promptShapeOk(r.getPromptMessages())) {
      reasons.add(RejectReason.BAD_PROMPT);
    }
    String completion = r.getCompletion() == null ? "" : r.getCompletion();
    if (completion.isBlank()) {
      reasons.add(RejectReason.EMPTY_COMPLETION);
    }
    Optional<ParsedGroundTruth> gt = ParsedGroundTruth.parse(r.getGroundTruth());
    if (gt.isEmpty()) {
      reasons.add(RejectReason.BAD_GROUND_TRUTH);
    }
    double ndcg = r.getNdcgAt10();
    String rationale;
    if (r.getTask() == TaskKind.RANK) {
      // without a ground truth there are no candidates: the parse only yields the rationale
      ParsedRanking parsed = gt.map(g -> parser.parse(completion, g.candidateIds(),
          g.candidates().stream().map(ParsedGroundTruth.Candidate::title).toList()))
          .orElseGet(() -> parser.parse(completion, List.of(), List.of()));
      rationale = parsed.rationale();
      if (rationale.strip().length() < Math.max(1, minThinkChars)) {
        reasons.add(RejectReason.MISSING_THINK);
      }
      if (gt.isPresent()) {
        ndcg = rankChecks(r, gt.get(), parsed, reasons);
      }
    } else {
      ParsedReflection reflection = reflectionParser.parse(completion);
      List<String> codes = reflection.issues().stream().map(ParsedRanking::code).toList();
      // an unclosed think block is a cut-off completion, not a chain of thought
      rationale = codes.contains("unclosed-think") ? "" : reflection.rationale();
      if (rationale.strip().length() < Math.max(1, minThinkChars)) {
        reasons.add(RejectReason.MISSING_THINK);
      }
      if (codes.contains("missing-marker") || reflection.description() == null
          || reflection.description().length() < 10) {
        reasons.add(RejectReason.NO_DESCRIPTION);
      }
    }
    if (!keywords.isEmpty() && !completion.isBlank()) {
      String lower = completion.toLowerCase(Locale.ROOT);
      if (keywords.stream().noneMatch(lower::contains)) {
        reasons.add(RejectReason.NO_PREFERENCE_KEYWORDS);
      }
    }
    if (ndcg < ndcgThreshold) {
      reasons.add(RejectReason.LOW_NDCG);
    }
    return new Verdict(reasons.isEmpty(), List.copyOf(reasons), ndcg, rationale);
  }

  /** Ranking checks; returns the NDCG@10 used for the threshold. */
  private double rankChecks(RewardRecord r, ParsedGroundTruth gt, ParsedRanking parsed, List<RejectReason> reasons) {
    List<String> written = parsed.entries().stream().filter(e -> !e.appended())
        .map(ParsedRanking.Entry::itemId).toList();
    boolean titled = gt.candidates().stream().anyMatch(c -> !c.title().isBlank());
    int n = gt.candidates().size();
    if (!titled) {
      // plain-id ground truth: titles cannot be matched; count the numbered lines and trust the record
      int lines = written.size() + parsed.hallucinated() + parsed.duplicates();
      if (lines == 0) {
        reasons.add(RejectReason.NO_RANKING);
      } else if (lines < n) {
        reasons.add(RejectReason.INCOMPLETE_RANKING);
      }
      if (r.getPositiveRank() == null) {
        reasons.add(RejectReason.POSITIVE_NOT_FOUND);
      }
      return r.getNdcgAt10();
    }
    if (written.isEmpty()) {
      reasons.add(RejectReason.NO_RANKING);
    } else if (written.size() < n) {
      reasons.add(RejectReason.INCOMPLETE_RANKING);
    }
    int index = written.indexOf(gt.positive());
    if (index < 0) {
      reasons.add(RejectReason.POSITIVE_NOT_FOUND);
      return 0.0;
    }
    return Ndcg.AT_10.ofRank(index + 1);
  }

  /** system? (user assistant)* user: what sharegpt needs before the completion is appended as the gpt turn. */
  static boolean promptShapeOk(List<ChatMessage> messages) {
    int i = 0;
    if (!messages.isEmpty() && "system".equals(messages.get(0).getRole())) {
      i = 1;
    }
    if (i >= messages.size()) {
      return false;
    }
    boolean expectUser = true;
    for (; i < messages.size(); i++) {
      String role = messages.get(i).getRole();
      if (!(expectUser ? "user" : "assistant").equals(role)) {
        return false;
      }
      expectUser = !expectUser;
    }
    return !expectUser; // ended on a user turn
  }
}
