package io.starec.replay;

import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request/response client over topics: produces {@code RankingRequest}s (key userId) to the ranking-requests
 * topic and completes each one's future when a response with its request id appears on the ranking-responses
 * topic (read committed: the stream app writes exactly-once). The response consumer is positioned at the end of
 * every partition before the first request is sent, so no answer is missed.
 *
 * <p>An error answer naming unknown candidate ids is retried with the same request id after a short backoff (up to
 * {@code unknownItemRetries} times): right after a catalogue is published, the stream app's items table may not have
 * caught up yet. Responses to other clients' requests are ignored.
 */
public final class RankingClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RankingClient.class);
  private static final Duration BACKOFF = Duration.ofMillis(250);

  /** A response and what it took: round trip from the first send, and how many sends. */
  public record Reply(RankingResponse response, long roundTripNanos, int attempts) {}

  private final String requestsTopic;
  private final String responsesTopic;
  private final KafkaProducer<String, RankingRequest> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<RankingResponse> responses;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Thread poller;
  private final int unknownItemRetries;
  private volatile boolean running = true;

  private static final class Waiting {
    final RankingRequest request;
    final CompletableFuture<Reply> future = new CompletableFuture<>();
    final long firstSentNanos = System.nanoTime();
    int attempts;

    Waiting(RankingRequest request) {
      this.request = request;
    }
  }

  /**
   * @param kafka client properties (bootstrap servers, security)
   * @param serdeConfig schema registry settings for the Avro serdes
   */
  public RankingClient(Properties kafka, Map<String, ?> serdeConfig, Topics topics, String clientName,
      int unknownItemRetries) {
    Objects.requireNonNull(topics, "topics");
    this.requestsTopic = topics.rankingRequests().name();
    this.responsesTopic = topics.rankingResponses().name();
    this.unknownItemRetries = unknownItemRetries;
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientName + "-requests");
    this.producer = new KafkaProducer<>(p, new StringSerializer(),
        topics.rankingRequests().valueSerde(serdeConfig).serializer());
    Properties c = new Properties();
    c.putAll(kafka);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientName + "-responses");
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.responses = topics.rankingResponses().valueSerde(serdeConfig).deserializer();
    List<TopicPartition> partitions = partitions(consumer, responsesTopic, Duration.ofSeconds(30));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    for (TopicPartition tp : partitions) {
      consumer.position(tp); // resolve now: answers to requests sent from here on are after this offset
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, clientName + "-retries"));
    this.poller = daemon(this::poll, clientName + "-responses");
    poller.start();
  }

  /** Sends a request; the future completes with its response, or fails with a TimeoutException. */
  public CompletableFuture<Reply> send(RankingRequest request, Duration timeout) {
    Waiting w = new Waiting(request);
    Waiting previous = waiting.putIfAbsent(request.getRequestId(), w);
    if (previous != null) {
      return previous.future;
    }
    w.future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> waiting.remove(request.getRequestId(), w));
    produce(w);
    return w.future;
  }

  public int inFlight() {
    return waiting.size();
  }

  private void produce(Waiting w) {
    synchronized (w) {
      w.attempts++;
    }
    producer.send(new ProducerRecord<>(requestsTopic, w.request.getUserId(), w.request), (md, e) -> {
      if (e != null) {
        w.future.completeExceptionally(e);
      }
    });
  }

  private void poll() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(100))) {
          RankingResponse response;
          try {
            response = responses.deserialize(rec.topic(), rec.value());
          } catch (RuntimeException e) {
            LOG.warn("undecodable ranking response at {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(),
                e.toString());
            continue;
          }
          if (response != null) {
            complete(response);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("ranking response consumer stopped", e);
      waiting.values().forEach(w -> w.future.completeExceptionally(e));
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void complete(RankingResponse response) {
    Waiting w = waiting.get(response.getRequestId());
    if (w == null) {
      return;
    }
    if (response.getError() != null && !response.getUnknownItemIds().isEmpty() && w.attempts <= unknownItemRetries) {
      // the items table has not caught up with the catalogue yet: ask again, same request id
      scheduler.schedule(() -> {
        if (!w.future.isDone()) {
          produce(w);
        }
      }, BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    w.future.complete(new Reply(response, System.nanoTime() - w.firstSentNanos, w.attempts));
  }

  /** Flushes requests already handed to the producer. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      poller.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    producer.close(Duration.ofSeconds(5));
    waiting.values().forEach(w -> w.future.completeExceptionally(new TimeoutException("client closed")));
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration wait) {
    long end = System.nanoTime() + wait.toNanos();
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo i : infos) {
          out.add(new TopicPartition(i.topic(), i.partition()));
        }
        return out;
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException("topic " + topic + " does not exist (create the topics first)");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
