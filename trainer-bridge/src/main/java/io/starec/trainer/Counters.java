package io.starec.trainer;

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
  public static final String GROUPS_COMPLETE = "groups_complete";
  public static final String GROUPS_PARTIAL = "groups_partial";
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

  public static final String[] ALL = {RECORDS, RECORDS_DLQ, RECORDS_LATE, RECORDS_DUPLICATE, RECORDS_SKIPPED_REPLAY,
      GROUPS_COMPLETE, GROUPS_PARTIAL, GROUPS_TOO_SMALL, GROUPS_ZERO_VARIANCE, GROUPS_EXPORTED,
      GROUPS_PROMPT_MISMATCH, GROUND_TRUTH_WITHOUT_TITLES, SFT_ACCEPTED, SFT_REJECTED, FILES_FINISHED, COMMITS,
      LEARNER_UPDATES, LEARNER_GROUPS, LEARNER_GROUPS_WITHOUT_FEATURES, LEARNER_ERRORS};

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

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
