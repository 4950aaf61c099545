package io.starec.schemas.registry;

/** Confluent's default TopicNameStrategy: {@code <topic>-value} and {@code <topic>-key}. */
public final class SubjectNames {
  private SubjectNames() {}

  public static String forTopic(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  public static String value(String topic) {
    return forTopic(topic, false);
  }

  public static String key(String topic) {
    return forTopic(topic, true);
  }
}
