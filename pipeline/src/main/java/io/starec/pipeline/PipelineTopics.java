package io.starec.pipeline;

import io.starec.topics.TopicBootstrapper;
import io.starec.topics.Topics;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/** Creates the topics a pipeline needs: every registry topic, the stream app's item-stats topic included. */
public final class PipelineTopics {

  private PipelineTopics() {}

  public static void ensure(Properties kafka, Topics topics) {
    try (Admin admin = Admin.create(kafka)) {
      TopicBootstrapper.Report report = new TopicBootstrapper(admin).ensure(topics.all());
      if (!report.problems().isEmpty()) {
        throw new IllegalStateException("topic problems: " + report.problems());
      }
    }
  }
}
