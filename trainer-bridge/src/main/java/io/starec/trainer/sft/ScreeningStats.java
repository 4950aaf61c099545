package io.starec.trainer.sft;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of screened, accepted and rejected samples, and of each rejection reason (a sample may have several). */
public final class ScreeningStats {

  private long screened;
  private long accepted;
  private long rejected;
  private final EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);

  public void record(SftScreen.Verdict v) {
    screened++;
    if (v.accepted()) {
      accepted++;
    } else {
      rejected++;
      v.reasons().forEach(r -> byReason.merge(r, 1L, Long::sum));
    }
  }

  /** Restores counters persisted in a manifest (so statistics survive restarts). */
  public void restore(Map<String, Object> saved) {
    if (saved == null || saved.isEmpty()) {
      return;
    }
    screened = asLong(saved.get("screened"));
    accepted = asLong(saved.get("accepted"));
    rejected = asLong(saved.get("rejected"));
    if (saved.get("rejected_by_reason") instanceof Map<?, ?> m) {
      for (RejectReason r : RejectReason.values()) {
        Object v = m.get(r.code());
        if (v != null) {
          byReason.put(r, asLong(v));
        }
      }
    }
  }

  public long screened() {
    return screened;
  }

  public long accepted() {
    return accepted;
  }

  public long rejected() {
    return rejected;
  }

  public long rejectedFor(RejectReason r) {
    return byReason.getOrDefault(r, 0L);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("screened", screened);
    m.put("accepted", accepted);
    m.put("rejected", rejected);
    m.put("acceptance_rate", screened == 0 ? 0.0 : (double) accepted / screened);
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (RejectReason r : RejectReason.values()) {
      reasons.put(r.code(), byReason.getOrDefault(r, 0L));
    }
    m.put("rejected_by_reason", reasons);
    return m;
  }

  private static long asLong(Object o) {
    return o instanceof Number n ? n.longValue() : 0L;
  }
}
