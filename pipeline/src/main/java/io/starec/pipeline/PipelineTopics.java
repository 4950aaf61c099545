package io.starec.pipeline;

import io.starec.streamapp.StreamTopics;
import io.starec.topics.TopicBootstrapper;
import io.starec.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics a pipeline needs: every registry topic plus the stream app's item-stats topic. */
public final class PipelineTopics {

  private PipelineTopics() {}

  public static void ensure(Properties kafka, Topics topics) {
    try (Admin admin = Admin.create(kafka)) {
      TopicBootstrapper.Report report = new TopicBootstrapper(admin).ensure(topics.all());
      if (!report.problems().isEmpty()) {
        throw new IllegalStateException("topic problems: " + report.problems());
      }
      NewTopic stats = new NewTopic(StreamTopics.itemStatsName(topics), Optional.of(topics.interactions().partitions()),
          Optional.empty()).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(stats)).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create " + stats.name(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("topics not created in time", e);
    }
  }
}
