package io.starec.trainer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Named monotonic counters of the trainer (records, groups, drops, ...). Persisted in the manifest and restored
 * at start, so the totals there cover every run; /metrics exposes the same values.
 */
public final class Counters {

  public static final String RECORDS = "records_consumed";
  public static final String RECORDS_DLQ = "records_dead_lettered";
  public static final String RECORDS_LATE = "records_late";
  public static final String RECORDS_DUPLICATE = "records_duplicate";
  public static final String RECORDS_SKIPPED_REPLAY = "records_skipped_already_exported";
  public static final String RECORDS_NON_FINITE = "records_non_finite";
  public static final String GROUPS_COMPLETE = "groups_complete";
  public static final String GROUPS_PARTIAL = "groups_partial";
  public static final String GROUPS_OVER_BYTE_BUDGET = "groups_flushed_over_byte_budget";
  public static final String GROUPS_TOO_SMALL = "groups_dropped_too_small";
  public static final String GROUPS_ZERO_VARIANCE = "groups_dropped_zero_variance";
  public static final String GROUPS_EXPORTED = "groups_exported";
  public static final String GROUPS_PROMPT_MISMATCH = "groups_prompt_mismatch";
  public static final String GROUND_TRUTH_WITHOUT_TITLES = "ground_truth_without_titles";
  public static final String SFT_ACCEPTED = "sft_accepted";
  public static final String SFT_REJECTED = "sft_rejected";
  public static final String FILES_FINISHED = "files_finished";
  public static final String COMMITS = "offset_commits";
  public static final String LEARNER_UPDATES = "learner_updates";
  public static final String LEARNER_GROUPS = "learner_groups";
  public static final String LEARNER_GROUPS_WITHOUT_FEATURES = "learner_groups_without_features";
  public static final String LEARNER_ERRORS = "learner_errors";

  /** Every counter with its /metrics HELP text, in exposition order. */
  public static final Map<String, String> DESCRIPTIONS = descriptions(
      RECORDS, "Reward records polled from the training-rewards topic",
      RECORDS_DLQ, "Reward records sent to the DLQ (undecodable, tombstone, without groupId or non-finite)",
      RECORDS_LATE, "Reward records of a group that was already flushed",
      RECORDS_DUPLICATE, "Reward records whose rollout its group already had",
      RECORDS_SKIPPED_REPLAY, "Reward records read again after a restart and skipped: already in a finished file",
      RECORDS_NON_FINITE, "Reward records dead-lettered because a reward, NDCG or policy feature was not a finite "
          + "number",
      GROUPS_COMPLETE, "GRPO groups closed with all their rollouts",
      GROUPS_PARTIAL, "GRPO groups flushed short of their size (timeout, too many open groups or bytes)",
      GROUPS_OVER_BYTE_BUDGET, "GRPO groups flushed short of their size because the open groups held more bytes "
          + "than trainer.group.max.bytes",
      GROUPS_TOO_SMALL, "GRPO groups dropped with fewer than 2 rollouts (e.g. unexplored SERVE rankings)",
      GROUPS_ZERO_VARIANCE, "GRPO groups dropped because every rollout had the same reward (no advantage)",
      GROUPS_EXPORTED, "GRPO groups written to the VeRL export",
      GROUPS_PROMPT_MISMATCH, "Exported groups whose rollouts did not share one prompt",
      GROUND_TRUTH_WITHOUT_TITLES, "Exported groups whose ground truth lists candidates without titles",
      SFT_ACCEPTED, "Rollouts accepted into the LLaMA-Factory SFT export by the screen",
      SFT_REJECTED, "Rollouts the SFT screen rejected (format, NDCG or keywords)",
      FILES_FINISHED, "Export files finished (fsynced, renamed and listed in the manifest)",
      COMMITS, "Offset commits behind finished files",
      LEARNER_UPDATES, "GRPO updates of the embedded learner (one published policy version each)",
      LEARNER_GROUPS, "Groups the embedded learner trained on",
      LEARNER_GROUPS_WITHOUT_FEATURES, "Groups the embedded learner skipped: no policy features (e.g. an LLM backend)",
      LEARNER_ERRORS, "Embedded learner failures (the exports go on without it)");

  public static final String[] ALL = DESCRIPTIONS.keySet().toArray(String[]::new);

  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

  public Counters() {
    for (String name : ALL) {
      values.put(name, new AtomicLong());
    }
  }

  public void inc(String name) {
    add(name, 1);
  }

  public void add(String name, long delta) {
    values.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
  }

  public long get(String name) {
    AtomicLong v = values.get(name);
    return v == null ? 0 : v.get();
  }

  public AtomicLong ref(String name) {
    return values.computeIfAbsent(name, k -> new AtomicLong());
  }

  public void restore(Map<String, Long> saved) {
    if (saved != null) {
      saved.forEach((k, v) -> ref(k).set(v == null ? 0 : v));
    }
  }

  private static Map<String, String> descriptions(String... nameThenHelp) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenHelp.length; i += 2) {
      m.put(nameThenHelp[i], nameThenHelp[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
