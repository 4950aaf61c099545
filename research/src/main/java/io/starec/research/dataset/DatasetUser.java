package io.starec.research.dataset;

import java.util.Map;
import java.util.Objects;

/**
 * A user's demographics in readable text (mirrors the Avro {@code UserProfile}); fields a dataset
 * lacks are null. ML-1M codes are decoded with its README (age buckets such as "25-34", occupation
 * names such as "college/grad student"), gender "M"/"F" becomes "male"/"female".
 */
public record DatasetUser(
    String userId, String gender, String age, String occupation, Map<String, String> attributes) {

  public DatasetUser {
    Objects.requireNonNull(userId, "userId");
    attributes = Map.copyOf(attributes);
  }

  /** A user known only by id (datasets without demographics, such as the AgentCF CDs subsets). */
  public static DatasetUser anonymous(String userId) {
    return new DatasetUser(userId, null, null, null, Map.of());
  }
}
