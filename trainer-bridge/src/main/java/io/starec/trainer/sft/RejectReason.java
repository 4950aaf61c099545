package io.starec.trainer.sft;

import java.util.Locale;

/** Why a sample was kept out of the SFT export (paper 4.2.1 screening), in the order they are checked. */
public enum RejectReason {
  /** The task kind is not screened into the SFT export (config). */
  TASK_EXCLUDED,
  /** The prompt is not system? + alternating user/assistant turns ending with a user turn. */
  BAD_PROMPT,
  EMPTY_COMPLETION,
  /** The ground truth JSON is unreadable or has no positive. */
  BAD_GROUND_TRUTH,
  /** No (or too short a) {@code <think>} chain of thought. */
  MISSING_THINK,
  /** RANK: no numbered ranking line at all. */
  NO_RANKING,
  /** RANK: the model's own lines do not rank every candidate (the parser had to append some). */
  INCOMPLETE_RANKING,
  /** RANK: the positive item is not among the lines the model wrote. */
  POSITIVE_NOT_FOUND,
  /** REFLECT: no "Updated User description:" with text after it. */
  NO_DESCRIPTION,
  /** None of the preference keywords appears. */
  NO_PREFERENCE_KEYWORDS,
  /** NDCG@10 below the threshold. */
  LOW_NDCG;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
