package io.starec.streamapp.it;

import io.starec.avro.CandidateItem;
import io.starec.avro.ChatMessage;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.RankedItem;
import io.starec.avro.TaskKind;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.testkit.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Plays the inference gateway in broker tests, deterministically: a RANK task's candidates are ranked by a hash
 * of their item id (every rollout the same), a REFLECT task gets a description naming the item and the feedback.
 */
final class DeterministicResponder implements AutoCloseable {

  private final Thread thread;
  private final AtomicInteger answered = new AtomicInteger();
  private volatile boolean running = true;

  DeterministicResponder(String tasksTopic, String resultsTopic, String registryUrl) {
    Properties p = KafkaFixture.clientProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaFixture.uniqueId("responder"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    SpecificAvroDeserializer<InferenceTask> tasks = new SpecificAvroDeserializer<>(InferenceTask.class);
    tasks.configure(Map.of("schema.registry.url", registryUrl), false);
    KafkaConsumer<String, InferenceTask> consumer = new KafkaConsumer<>(p, new StringDeserializer(), tasks);
    KafkaProducer<String, SpecificRecord> producer = ItSupport.producer(registryUrl);
    consumer.subscribe(List.of(tasksTopic));
    thread = new Thread(() -> {
      try (consumer; producer) {
        while (running) {
          for (ConsumerRecord<String, InferenceTask> r : consumer.poll(Duration.ofMillis(50))) {
            producer.send(new ProducerRecord<>(resultsTopic, r.key(), answer(r.value())));
            answered.incrementAndGet();
          }
          producer.flush();
        }
      }
    }, "deterministic-responder");
    thread.setDaemon(true);
    thread.start();
  }

  int answered() {
    return answered.get();
  }

  static int hash(String s) {
    return Utils.murmur2(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The responder's ranking of a candidate list. */
  static List<String> rank(List<String> itemIds) {
    List<String> ranked = new ArrayList<>(itemIds);
    ranked.sort(Comparator.comparingInt(DeterministicResponder::hash).thenComparing(Comparator.naturalOrder()));
    return ranked;
  }

  static InferenceResult answer(InferenceTask task) {
    List<InferenceOutput> outputs = new ArrayList<>();
    if (task.getKind() == TaskKind.RANK) {
      List<String> ids = new ArrayList<>();
      task.getCandidates().forEach(c -> ids.add(c.getItemId()));
      List<String> ranked = rank(ids);
      for (int r = 0; r < task.getSampling().getN(); r++) {
        List<RankedItem> items = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
          items.add(RankedItem.newBuilder().setItemId(ranked.get(i)).setRank(i + 1).setScore(null)
              .setExplanation("hash order").build());
        }
        outputs.add(InferenceOutput.newBuilder().setRollout(r).setText("ranked " + ranked)
            .setRationale("by hash").setRanking(items).build());
      }
    } else {
      CandidateItem item = task.getReflection().getItem();
      String description = "Reflected on " + item.getTitle() + ": liked=" + task.getReflection().getActualLiked();
      outputs.add(InferenceOutput.newBuilder().setRollout(0).setText("Updated User description: " + description)
          .setUpdatedDescription(description).build());
    }
    return InferenceResult.newBuilder().setTaskId(task.getTaskId()).setKind(task.getKind())
        .setUserId(task.getUserId()).setOutputs(outputs)
        .setPromptMessages(List.of(new ChatMessage("user", task.getKind() + " " + task.getTaskId())))
        .setBackend("deterministic").setModelVersion("hash-v1").setLatencyMs(1)
        .setCompletedMs(System.currentTimeMillis()).build();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
