package io.starec.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster match a {@link Topics} registry: creates missing topics and reports existing ones whose partition
 * count or cleanup policy differ. Mismatches are reported, never "fixed": shrinking partitions is impossible and
 * changing them or the cleanup policy of a live topic is an operator's decision. Per-topic failures (e.g. no ACL to
 * create) become problems too; only an unreachable cluster throws.
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(props)) {
 *   TopicBootstrapper.Report r = new TopicBootstrapper(admin).ensure(Topics.defaults().all());
 *   r.problems().forEach(System.err::println);
 * }
 * }</pre>
 */
public final class TopicBootstrapper {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrapper.class);
  private static final long DEFAULT_TIMEOUT_MS = 30_000;

  private final Admin admin;
  private final Optional<Short> replicationFactor;
  private final long timeoutMs;

  /** Uses the broker's {@code default.replication.factor} for new topics. */
  public TopicBootstrapper(Admin admin) {
    this(admin, -1);
  }

  /**
   * @param admin an admin client; not closed by this class
   * @param replicationFactor for new topics; -1 = the broker's default
   */
  public TopicBootstrapper(Admin admin, int replicationFactor) {
    this(admin, replicationFactor, DEFAULT_TIMEOUT_MS);
  }

  TopicBootstrapper(Admin admin, int replicationFactor, long timeoutMs) {
    if (replicationFactor == 0 || replicationFactor < -1 || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException("replication factor must be -1 (broker default) or >= 1, got "
          + replicationFactor);
    }
    this.admin = admin;
    this.replicationFactor = replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor);
    this.timeoutMs = timeoutMs;
  }

  /** What a run found and did. */
  public record Report(List<String> created, List<String> ok, List<String> missing, List<String> problems) {
    public Report {
      created = List.copyOf(created);
      ok = List.copyOf(ok);
      missing = List.copyOf(missing);
      problems = List.copyOf(problems);
    }

    /** No problems and nothing missing. */
    public boolean healthy() {
      return problems.isEmpty() && missing.isEmpty();
    }
  }

  /**
   * Creates missing topics and waits until their partitions have leaders (so Kafka Streams, global stores included,
   * can start right after), then checks the existing ones.
   */
  public Report ensure(Collection<? extends Topic<?, ?>> topics) {
    return run(topics, true);
  }

  /**
   * Waits until every partition of the named topics has a leader (for topics created outside {@link #ensure});
   * returns the problems, empty when all are served.
   */
  public List<String> awaitServed(List<String> names) {
    List<String> problems = new ArrayList<>();
    describeEventually(names, problems);
    return problems;
  }

  /** Only checks; missing topics are listed in {@link Report#missing()} and as problems. */
  public Report check(Collection<? extends Topic<?, ?>> topics) {
    return run(topics, false);
  }

  private Report run(Collection<? extends Topic<?, ?>> topics, boolean create) {
    Map<String, Topic<?, ?>> wanted = new LinkedHashMap<>();
    topics.forEach(t -> wanted.put(t.name(), t));
    List<String> created = new ArrayList<>();
    List<String> ok = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    Map<String, TopicDescription> existing = describe(wanted.keySet());
    List<Topic<?, ?>> absent = wanted.values().stream().filter(t -> !existing.containsKey(t.name())).toList();

    if (create && !absent.isEmpty()) {
      List<NewTopic> newTopics = absent.stream()
          .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), replicationFactor).configs(t.topicConfigs()))
          .toList();
      Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
      List<String> raced = new ArrayList<>();
      for (Topic<?, ?> t : absent) {
        try {
          await(results.get(t.name()));
          created.add(t.name());
          LOG.info("created topic {}", t);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            raced.add(t.name()); // someone else created it meanwhile: check it like any existing topic
          } else {
            problems.add(t.name() + ": cannot create (" + message(e.getCause()) + ")");
          }
        }
      }
      // Creation completes on the controller first; callers (Kafka Streams, global stores) need the partitions
      // to be served when ensure() returns, so wait for the new and raced topics to have leaders.
      List<String> wait = new ArrayList<>(created);
      wait.addAll(raced);
      existing.putAll(describeEventually(wait, problems));
    } else {
      for (Topic<?, ?> t : absent) {
        missing.add(t.name());
        problems.add(t.name() + ": missing (expected " + t + "; run `starec topics --create`)");
      }
    }

    Map<String, String> policies = cleanupPolicies(existing.keySet());
    for (Topic<?, ?> t : wanted.values()) {
      TopicDescription d = existing.get(t.name());
      if (d == null) {
        continue;
      }
      List<String> found = mismatches(t, d.partitions().size(), policies.get(t.name()));
      problems.addAll(found);
      if (found.isEmpty() && !created.contains(t.name())) {
        ok.add(t.name());
      }
    }
    if (create) {
      problems.forEach(p -> LOG.warn("topic problem: {}", p)); // services ensure() at start-up: leave a trace
    }
    return new Report(created, ok, missing, problems);
  }

  /**
   * How an existing topic differs from its definition, as human-readable problems (empty if it matches).
   *
   * @param actualPolicy the broker's cleanup.policy value, or null if unknown (not compared)
   */
  static List<String> mismatches(Topic<?, ?> t, int actualPartitions, String actualPolicy) {
    List<String> problems = new ArrayList<>();
    if (actualPartitions != t.partitions()) {
      problems.add(t.name() + ": has " + actualPartitions + " partitions, expected " + t.partitions()
          + (actualPartitions < t.partitions()
              ? " (add partitions with kafka-topics --alter, or recreate the topic)"
              : " (partitions cannot be removed: recreate the topic, or configure the same partition count)"));
    }
    if (actualPolicy != null && !t.cleanupPolicy().matches(actualPolicy)) {
      problems.add(t.name() + ": cleanup.policy is '" + actualPolicy + "', expected '"
          + t.cleanupPolicy().configValue() + "' (kafka-configs --alter --entity-type topics --entity-name " + t.name()
          + " --add-config cleanup.policy=" + t.cleanupPolicy().configValue() + ")");
    }
    return problems;
  }

  // Topics just created (by us or someone else) may not be visible yet, or have partitions without a leader:
  // retry briefly until every partition has one.
  private Map<String, TopicDescription> describeEventually(List<String> names, List<String> problems) {
    Map<String, TopicDescription> ready = new LinkedHashMap<>();
    long deadline = System.currentTimeMillis() + timeoutMs;
    List<String> pending = new ArrayList<>(names);
    while (!pending.isEmpty()) {
      describe(pending).forEach((name, d) -> {
        if (!d.partitions().isEmpty() && d.partitions().stream().allMatch(p -> p.leader() != null
            && !p.leader().isEmpty())) {
          ready.put(name, d);
        }
      });
      pending.removeAll(ready.keySet());
      if (pending.isEmpty() || System.currentTimeMillis() > deadline) {
        break;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    pending.forEach(n -> problems.add(n + ": created but its partitions have no leader after " + timeoutMs
        + " ms; re-run"));
    return ready;
  }

  private Map<String, TopicDescription> describe(Collection<String> names) {
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return found;
    }
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : admin.describeTopics(names).topicNameValues()
        .entrySet()) {
      try {
        found.put(e.getKey(), await(e.getValue()));
      } catch (ExecutionException ex) {
        if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe topic " + e.getKey() + ": " + message(ex.getCause()),
              ex.getCause());
        }
      }
    }
    return found;
  }

  private Map<String, String> cleanupPolicies(Collection<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<ConfigResource> resources = names.stream()
        .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    for (Map.Entry<ConfigResource, KafkaFuture<Config>> e : admin.describeConfigs(resources).values().entrySet()) {
      try {
        ConfigEntry entry = await(e.getValue()).get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (entry != null) {
          out.put(e.getKey().name(), entry.value());
        }
      } catch (ExecutionException ex) {
        LOG.warn("cannot read configs of topic {}: {}", e.getKey().name(), message(ex.getCause()));
      }
    }
    return out;
  }

  private <T> T await(KafkaFuture<T> f) throws ExecutionException {
    try {
      return f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while talking to Kafka", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeoutMs + " ms (is the broker reachable?)",
          e);
    }
  }

  private static String message(Throwable t) {
    return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
