package io.starec.cli;

import io.starec.config.StarecConfig;
import io.starec.topics.Topic;
import io.starec.topics.TopicBootstrapper;
import io.starec.topics.Topics;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec topics}: checks (or with --create, creates) every STARec topic and prints what differs. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Checks the STARec topics on the cluster; --create creates the missing ones.",
        "Mismatched partition counts or cleanup policies are reported, never changed.",
        "Exit code: 0 all topics as expected, 1 problems found, 2 usage or connection error."})
public final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--create", description = "Create missing topics.")
  boolean create;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Topic name prefix (topic.prefix; default starec).")
  String prefix;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions of user-keyed topics (topic.partitions).")
  Integer partitions;

  @Option(names = "--replication-factor", paramLabel = "N",
      description = "Replication factor of new topics (topic.replication.factor; -1 = broker default).")
  Integer replicationFactor;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
      description = "Give up on an unreachable cluster after this long (default ${DEFAULT-VALUE}).")
  int timeoutMs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigDef def = StarecConfig.configDef();
    AbstractConfig cfg;
    try {
      Map<String, Object> extra = new LinkedHashMap<>();
      if (prefix != null) {
        extra.put(StarecConfig.TOPIC_PREFIX, prefix);
      }
      if (partitions != null) {
        extra.put(StarecConfig.TOPIC_PARTITIONS, partitions);
      }
      if (replicationFactor != null) {
        extra.put(StarecConfig.TOPIC_REPLICATION_FACTOR, replicationFactor);
      }
      cfg = new AbstractConfig(def, config.load(def, extra), false);
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    Topics topics = StarecConfig.topics(cfg);
    Properties props = StarecConfig.kafkaClientProperties(cfg);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(timeoutMs, 30_000)));
    out.println((create ? "Ensuring" : "Checking") + " " + topics.all().size() + " topics on "
        + cfg.getString(StarecConfig.BOOTSTRAP_SERVERS));
    try (Admin admin = Admin.create(props)) {
      TopicBootstrapper bootstrapper =
          new TopicBootstrapper(admin, cfg.getInt(StarecConfig.TOPIC_REPLICATION_FACTOR));
      TopicBootstrapper.Report report = create ? bootstrapper.ensure(topics.all()) : bootstrapper.check(topics.all());
      for (Topic<?, ?> t : topics.all()) {
        String state = report.created().contains(t.name()) ? "created"
            : report.ok().contains(t.name()) ? "ok"
            : report.missing().contains(t.name()) ? "MISSING" : "PROBLEM";
        out.printf("  %-8s %s%n", state, t);
      }
      if (!report.problems().isEmpty()) {
        out.println("Problems:");
        report.problems().forEach(p -> out.println("  - " + p));
      }
      out.flush();
      return report.problems().isEmpty() ? 0 : 1;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
