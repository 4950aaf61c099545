package io.starec.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.config.StarecConfig;
import io.starec.schemas.json.AvroJson;
import io.starec.topics.Topic;
import io.starec.topics.Topics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code starec tail}: any STARec topic, decoded through the topic and schema registries, as JSON lines. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints a topic's records as JSON lines, decoded through the schema registry.",
        "Each line:",
        "{\"topic\",\"partition\",\"offset\",\"timestamp\",\"key\",\"value\"}; dead letters carry their headers and",
        "their bytes in Base64. TOPIC is a name of the topic registry (interactions, items, users,",
        "ranking.requests, ranking.responses, inference.requests, inference.results, training.rewards,",
        "policy.updates, item-stats, dlq) or a full topic name under topic.prefix (e.g. starec.interactions).",
        "By default the last 10 records (by time, over all partitions); reads committed records only.",
        "Exit code: 0 done, 1 unknown topic or broker unreachable, 2 usage error."})
public final class TailCommand implements Callable<Integer> {

  private static final int DEFAULT_LAST = 10;

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Registry name (e.g. interactions) or full name.")
  String topicName;

  @Option(names = "--from-beginning", description = "From the first record on (with --max: the first N).")
  boolean fromBeginning;

  @Option(names = {"-n", "--max"}, paramLabel = "N",
      description = "At most N records (default: the last " + DEFAULT_LAST + "; with --from-beginning or --follow: "
          + "no limit).")
  Integer max;

  @Option(names = {"-f", "--follow"}, description = "Then keep printing new records until interrupted.")
  boolean follow;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
      description = "Give up on an unreachable cluster or a missing topic after this long (default ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AbstractConfig cfg;
    try {
      ConfigDef def = StarecConfig.configDef();
      cfg = new AbstractConfig(def, config.load(def, Map.of()), false);
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (max != null && max < 1) {
      err.println("error: --max must be at least 1");
      return 2;
    }
    Topics topics = StarecConfig.topics(cfg);
    Topic<?, ?> topic = resolve(topics, topicName);
    if (topic == null) {
      err.println("error: unknown topic '" + topicName + "'. Registry names: " + topics.all().stream()
          .map(t -> shortName(topics, t)).collect(Collectors.joining(", ")) + "; or a full name under "
          + "topic.prefix " + topics.prefix() + " (another prefix: -D topic.prefix=...)");
      return 1;
    }
    boolean deadLetters = topic.name().equals(topics.dlq().name());
    Deserializer<?> values = topic.valueSerde(StarecConfig.serdeConfig(cfg)).deserializer();
    Properties p = StarecConfig.kafkaClientProperties(cfg);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "starec-tail");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
    // no consumer group and no commits: Ctrl-C while following leaves nothing behind
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer, topic.name());
      if (partitions == null) {
        err.println("error: topic " + topic.name() + " does not exist on " + cfg.getString(
            StarecConfig.BOOTSTRAP_SERVERS) + " (starec topics --create makes it)");
        return 1;
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
      int last = max != null ? max : DEFAULT_LAST;
      List<ConsumerRecord<byte[], byte[]>> backlog = backlog(consumer, begins, ends, last);
      backlog.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
          .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
      if (!fromBeginning && backlog.size() > last) {
        backlog = backlog.subList(backlog.size() - last, backlog.size());
      }
      int limit = max != null ? max : (fromBeginning || follow ? Integer.MAX_VALUE : last);
      int printed = 0;
      for (ConsumerRecord<byte[], byte[]> r : backlog) {
        if (printed == limit) {
          break;
        }
        out.println(line(r, values, deadLetters));
        printed++;
      }
      out.flush();
      consumer.assign(partitions);
      ends.forEach(consumer::seek);
      while (follow && printed < limit) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (printed == limit) {
            break;
          }
          out.println(line(r, values, deadLetters));
          printed++;
        }
        out.flush();
      }
      return 0;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage() + " (bootstrap.servers " + cfg.getString(StarecConfig.BOOTSTRAP_SERVERS)
          + ")");
      return 1;
    }
  }

  /** A registry name, a full name, or a responses sub-topic (a request's replyTo). */
  static Topic<?, ?> resolve(Topics topics, String name) {
    for (Topic<?, ?> t : topics.all()) {
      if (t.name().equals(name) || shortName(topics, t).equals(name)) {
        return t;
      }
    }
    Topic<?, ?> responses = topics.rankingResponses();
    return name.startsWith(responses.name() + ".") ? responses.withName(name) : null;
  }

  private static String shortName(Topics topics, Topic<?, ?> t) {
    return t.name().substring(topics.prefix().length() + 1);
  }

  private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String name) {
    long end = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofMillis(timeoutMs));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> tps = new ArrayList<>();
        infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
        return tps;
      }
      if (System.nanoTime() > end) {
        return null;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /**
   * The records before the end offsets taken at the start: all of them, or at least the last {@code last} of each
   * partition. Those are found by reading back from the end in growing windows: offsets are not record counts
   * (transaction markers take offsets too, and the stream app writes transactionally).
   */
  private List<ConsumerRecord<byte[], byte[]>> backlog(KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> begins, Map<TopicPartition, Long> ends, int last) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> found = new HashMap<>();
    Map<TopicPartition, Long> window = new HashMap<>();
    List<TopicPartition> todo = new ArrayList<>(ends.keySet());
    todo.forEach(tp -> window.put(tp, (long) last));
    while (!todo.isEmpty()) {
      Map<TopicPartition, Long> starts = new HashMap<>();
      for (TopicPartition tp : todo) {
        starts.put(tp, fromBeginning ? begins.get(tp) : Math.max(begins.get(tp), ends.get(tp) - window.get(tp)));
      }
      consumer.assign(todo);
      starts.forEach(consumer::seek);
      // the first N overall are among the first N of each partition
      int cap = fromBeginning && max != null ? max : Integer.MAX_VALUE;
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = readUntil(consumer, todo, ends, cap);
      List<TopicPartition> again = new ArrayList<>();
      for (TopicPartition tp : todo) {
        found.put(tp, read.get(tp));
        if (read.get(tp).size() < last && starts.get(tp) > begins.get(tp)) {
          window.put(tp, window.get(tp) * 2);
          again.add(tp);
        }
      }
      todo = again;
    }
    List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
    found.values().forEach(all::addAll);
    return all;
  }

  /** Each partition's records from its position to its end offset, or its first {@code cap}. */
  private Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> readUntil(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends,
      int cap) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
    partitions.forEach(tp -> records.put(tp, new ArrayList<>()));
    long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)
        && records.get(tp).size() < cap)) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < ends.get(tp) && records.get(tp).size() < cap) {
          records.get(tp).add(r);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the topic's records did not arrive within " + timeoutMs + " ms");
      }
    }
    return records;
  }

  private static String line(ConsumerRecord<byte[], byte[]> r, Deserializer<?> values, boolean deadLetters) {
    ObjectNode o = AvroJson.MAPPER.createObjectNode();
    o.put("topic", r.topic()).put("partition", r.partition()).put("offset", r.offset())
        .put("timestamp", r.timestamp());
    o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
    if (deadLetters) {
      ObjectNode headers = o.putObject("headers");
      for (Header h : r.headers()) {
        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
      }
      o.put("valueBase64", r.value() == null ? null : Base64.getEncoder().encodeToString(r.value()));
      return AvroJson.write(o);
    }
    try {
      Object value = values.deserialize(r.topic(), r.value());
      if (value == null) {
        o.putNull("value");
      } else {
        o.set("value", AvroJson.toJson((IndexedRecord) value));
      }
    } catch (RuntimeException e) {
      // a record the registry cannot decode is shown, not skipped
      o.put("error", e.getMessage());
      o.put("valueBase64", Base64.getEncoder().encodeToString(r.value()));
    }
    return AvroJson.write(o);
  }
}
