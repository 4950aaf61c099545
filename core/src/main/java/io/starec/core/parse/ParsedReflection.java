package io.starec.core.parse;

import java.util.List;

/**
 * A parsed reflection.
 *
 * @param rationale the {@code <think>} text
 * @param description the updated preference description, or null when the completion had none
 * @param issues what the parser repaired, "code: detail"
 */
public record ParsedReflection(String rationale, String description, List<String> issues) {

  public ParsedReflection {
    issues = List.copyOf(issues);
  }
}
