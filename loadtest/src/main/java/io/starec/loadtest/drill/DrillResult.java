package io.starec.loadtest.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill showed: named pass/fail checks, the figures behind them, how long it took.
 *
 * @param advisory checks reported but not part of {@link #passed()} (e.g. a timing bound at CI scale)
 */
public record DrillResult(String drill, Map<String, Boolean> checks, Map<String, Boolean> advisory,
    Map<String, Object> figures, double seconds, List<String> notes) {

  /** All non-advisory checks hold. */
  @JsonProperty("passed")
  public boolean passed() {
    return !checks.isEmpty() && checks.values().stream().allMatch(Boolean::booleanValue);
  }

  /** The failed checks' names. */
  public List<String> failed() {
    return checks.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
  }

  /** A mutable builder. */
  static final class Builder {
    final String drill;
    final Map<String, Boolean> checks = new LinkedHashMap<>();
    final Map<String, Boolean> advisory = new LinkedHashMap<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final long start = System.nanoTime();

    Builder(String drill) {
      this.drill = drill;
    }

    Builder check(String name, boolean ok) {
      checks.put(name, ok);
      return this;
    }

    Builder advisory(String name, boolean ok) {
      advisory.put(name, ok);
      return this;
    }

    Builder figure(String name, Object value) {
      figures.put(name, value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
      return this;
    }

    Builder note(String note) {
      notes.add(note);
      return this;
    }

    DrillResult build() {
      return new DrillResult(drill, new LinkedHashMap<>(checks),
          new LinkedHashMap<>(advisory), new LinkedHashMap<>(figures),
          Math.round((System.nanoTime() - start) / 1e8) / 10.0, List.copyOf(notes));
    }
  }
}
