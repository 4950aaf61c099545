package io.starec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison logic; the Admin round trips are in {@link TopicBootstrapperIT}. */
class TopicBootstrapperTest {

  private final Topics topics = Topics.of("starec", 3);

  @Test
  void matchingTopicHasNoProblems() {
    assertThat(TopicBootstrapper.mismatches(topics.interactions(), 3, "delete")).isEmpty();
    assertThat(TopicBootstrapper.mismatches(topics.items(), 3, "compact")).isEmpty();
  }

  @Test
  void tooFewPartitionsIsReportedWithAFix() {
    List<String> p = TopicBootstrapper.mismatches(topics.interactions(), 1, "delete");

    assertThat(p).singleElement().asString()
        .contains("starec.interactions", "has 1 partitions", "expected 3", "--alter");
  }

  @Test
  void tooManyPartitionsSaysTheyCannotBeRemoved() {
    assertThat(TopicBootstrapper.mismatches(topics.interactions(), 12, "delete")).singleElement().asString()
        .contains("has 12 partitions", "cannot be removed");
  }

  @Test
  void wrongCleanupPolicyIsReported() {
    List<String> p = TopicBootstrapper.mismatches(topics.items(), 3, "delete");

    assertThat(p).singleElement().asString()
        .contains("starec.items", "cleanup.policy is 'delete'", "expected 'compact'", "cleanup.policy=compact");
  }

  @Test
  void bothMismatchesAreReportedAndAnUnknownPolicyIsNotGuessed() {
    assertThat(TopicBootstrapper.mismatches(topics.users(), 1, "compact,delete")).hasSize(2);
    assertThat(TopicBootstrapper.mismatches(topics.users(), 3, null)).isEmpty();
  }

  @Test
  void rejectsAZeroReplicationFactor() {
    assertThatThrownBy(() -> new TopicBootstrapper(null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("replication factor");
  }

  @Test
  void reportIsHealthyOnlyWithoutProblemsOrMissingTopics() {
    assertThat(new TopicBootstrapper.Report(List.of("a"), List.of("b"), List.of(), List.of()).healthy()).isTrue();
    assertThat(new TopicBootstrapper.Report(List.of(), List.of(), List.of("a"), List.of("a: missing")).healthy())
        .isFalse();
  }
}
