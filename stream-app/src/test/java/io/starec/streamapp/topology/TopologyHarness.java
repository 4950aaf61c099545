package io.starec.streamapp.topology;

import io.starec.avro.ChatMessage;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.avro.ItemStats;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.avro.UserProfile;
import io.starec.schemas.serde.SpecificAvroSerde;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.StreamTopics;
import io.starec.streamapp.metrics.AppMetrics;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** TopologyTestDriver wired with every topic of the stream app; tests play producers and the gateway. */
final class TopologyHarness implements AutoCloseable {

  static final long T0 = 1_700_000_000_000L;

  final StreamTopics topics = StreamTopics.from(Topics.withPrefix("ttd"));
  final AppMetrics metrics = AppMetrics.inMemory();
  final TopologyTestDriver driver;
  final TestInputTopic<String, Interaction> interactions;
  final TestInputTopic<String, RankingRequest> requests;
  final TestInputTopic<String, InferenceResult> results;
  final TestInputTopic<String, Item> items;
  final TestInputTopic<String, UserProfile> users;
  final TestInputTopic<byte[], byte[]> rawInteractions;
  final TestOutputTopic<String, InferenceTask> tasks;
  final TestOutputTopic<String, RankingResponse> responses;
  final TestOutputTopic<String, RewardRecord> rewards;
  final TestOutputTopic<String, ItemStats> itemStats;
  final TestOutputTopic<byte[], byte[]> dlq;
  private final Path stateDir;

  TopologyHarness() {
    this(AppSettings.defaults());
  }

  TopologyHarness(AppSettings settings) {
    this(settings, StreamsConfig.EXACTLY_ONCE_V2);
  }

  TopologyHarness(AppSettings settings, String guarantee) {
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://ttd-" + UUID.randomUUID());
    try {
      stateDir = Files.createTempDirectory("stream-app-ttd");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties p = StreamTopology.errorHandling(topics, metrics, serdeConfig);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd-" + UUID.randomUUID());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(StreamTopology.build(settings, topics, serdeConfig, metrics), p,
        Instant.ofEpochMilli(T0));
    StringSerializer keys = new StringSerializer();
    StringDeserializer keyReader = new StringDeserializer();
    interactions = driver.createInputTopic(topics.interactions(), keys, serde(Interaction.class, serdeConfig).serializer());
    requests = driver.createInputTopic(topics.rankingRequests(), keys, serde(RankingRequest.class, serdeConfig).serializer());
    results = driver.createInputTopic(topics.inferenceResults(), keys, serde(InferenceResult.class, serdeConfig).serializer());
    items = driver.createInputTopic(topics.items(), keys, serde(Item.class, serdeConfig).serializer());
    users = driver.createInputTopic(topics.users(), keys, serde(UserProfile.class, serdeConfig).serializer());
    rawInteractions = driver.createInputTopic(topics.interactions(), new ByteArraySerializer(),
        new ByteArraySerializer());
    tasks = driver.createOutputTopic(topics.inferenceRequests(), keyReader,
        serde(InferenceTask.class, serdeConfig).deserializer());
    responses = driver.createOutputTopic(topics.rankingResponses(), keyReader,
        serde(RankingResponse.class, serdeConfig).deserializer());
    rewards = driver.createOutputTopic(topics.trainingRewards(), keyReader,
        serde(RewardRecord.class, serdeConfig).deserializer());
    itemStats = driver.createOutputTopic(topics.itemStats(), keyReader, serde(ItemStats.class, serdeConfig).deserializer());
    dlq = driver.createOutputTopic(topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type, Map<String, ?> cfg) {
    return SpecificAvroSerde.forValue(type, cfg);
  }

  // ---- catalogue and users

  /** Items i1..iN in the catalogue. */
  void catalogue(int n) {
    for (int i = 1; i <= n; i++) {
      String id = "i" + i;
      items.pipeInput(id, Item.newBuilder().setItemId(id).setTitle("Movie " + i).setYear(1990 + i)
          .setGenres(List.of(i % 2 == 0 ? "Drama" : "Comedy")).build(), T0);
    }
  }

  void profile(String userId, String gender, String age, String occupation) {
    users.pipeInput(userId, UserProfile.newBuilder().setUserId(userId).setGender(gender).setAge(age)
        .setOccupation(occupation).build(), T0);
  }

  static List<String> ids(int from, int to) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      ids.add("i" + i);
    }
    return ids;
  }

  // ---- events

  void rate(String eventId, String userId, String itemId, double rating, long ts) {
    interactions.pipeInput(userId, Interaction.newBuilder().setEventId(eventId).setUserId(userId).setItemId(itemId)
        .setType(InteractionType.RATE).setRating(rating).setTimestampMs(ts).build(), ts);
  }

  void act(String eventId, String userId, String itemId, InteractionType type, long ts) {
    interactions.pipeInput(userId, Interaction.newBuilder().setEventId(eventId).setUserId(userId).setItemId(itemId)
        .setType(type).setRating(null).setTimestampMs(ts).build(), ts);
  }

  void request(String requestId, String userId, List<String> candidates, RankingMode mode, long ts) {
    requests.pipeInput(userId, RankingRequest.newBuilder().setRequestId(requestId).setUserId(userId)
        .setCandidateItemIds(candidates).setMode(mode).setTimestampMs(ts).build(), ts);
  }

  void request(String requestId, String userId, List<String> candidates, long ts) {
    request(requestId, userId, candidates, RankingMode.SERVE, ts);
  }

  /** Plays the gateway: answers a RANK task with the given ranking for every rollout it asked for. */
  void answer(InferenceTask task, List<String> ranking) {
    List<InferenceOutput> outputs = new ArrayList<>();
    for (int r = 0; r < task.getSampling().getN(); r++) {
      outputs.add(output(r, rotate(ranking, r)));
    }
    results.pipeInput(task.getUserId(), result(task, outputs), T0);
  }

  static List<String> rotate(List<String> ranking, int by) {
    List<String> r = new ArrayList<>(ranking);
    java.util.Collections.rotate(r, by);
    return r;
  }

  static InferenceOutput output(int rollout, List<String> ranking) {
    List<RankedItem> ranked = new ArrayList<>();
    for (int i = 0; i < ranking.size(); i++) {
      ranked.add(RankedItem.newBuilder().setItemId(ranking.get(i)).setRank(i + 1).setScore(null)
          .setExplanation("because " + ranking.get(i)).build());
    }
    return InferenceOutput.newBuilder().setRollout(rollout).setText("completion " + rollout)
        .setRationale("<think>rollout " + rollout + "</think>").setRanking(ranked).build();
  }

  static InferenceResult result(InferenceTask task, List<InferenceOutput> outputs) {
    return InferenceResult.newBuilder().setTaskId(task.getTaskId()).setKind(task.getKind())
        .setUserId(task.getUserId()).setOutputs(outputs)
        .setPromptMessages(List.of(new ChatMessage("system", "You are a recommender."),
            new ChatMessage("user", "Rank for " + task.getUserId())))
        .setBackend("test").setModelVersion("v1").setLatencyMs(5).build();
  }

  /** Plays the gateway for a REFLECT task. */
  void reflect(InferenceTask task, String description) {
    InferenceOutput out = InferenceOutput.newBuilder().setRollout(0)
        .setText("<think>hm</think> Updated User description: " + description).setUpdatedDescription(description)
        .build();
    results.pipeInput(task.getUserId(), InferenceResult.newBuilder().setTaskId(task.getTaskId())
        .setKind(TaskKind.REFLECT).setUserId(task.getUserId()).setOutputs(List.of(out))
        .setPromptMessages(List.of(new ChatMessage("user", "reflect"))).setBackend("test").setModelVersion("v1")
        .build(), T0);
  }

  // ---- state

  UserMemory memory(String userId) {
    KeyValueStore<String, UserMemory> store = driver.getKeyValueStore(StoreNames.USER_MEMORY);
    return store.get(userId);
  }

  KeyValueStore<String, ?> inflight() {
    return driver.getKeyValueStore(StoreNames.INFLIGHT);
  }

  double count(String name, String tag, String value) {
    return metrics.count(name, tag, value);
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // temp dir; best effort
    }
  }
}
