package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.avro.InferenceResult;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.TaskKind;
import io.starec.avro.UserMemory;
import io.starec.cli.StarecCliTest.Run;
import io.starec.pipeline.LivePipeline;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.Replayer;
import io.starec.research.dataset.Datasets;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.schemas.json.AvroJson;
import io.starec.schemas.serde.SpecificAvroSerializer;
import io.starec.streamapp.StreamAppConfig;
import io.starec.streamapp.topology.StoreNames;
import io.starec.testkit.KafkaFixture;
import io.starec.topics.Topics;
import io.starec.trainer.TrainerApp;
import io.starec.trainer.TrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client commands, the agent inspector and the Grafana dashboard against the real thing: a stream app and an
 * embedded-policy gateway ({@link LivePipeline}) on the test broker, with a token on the user data, fed a small
 * synthetic MovieLens replay. Each test uses users of its own.
 */
class ClientCommandsIT {

  private static final String TOKEN = "cli-it-token-5c1e";

  @TempDir
  static Path dir;
  static LivePipeline pipeline;
  static Topics topics;
  static Path tokenFile;
  static String registry;

  @BeforeAll
  static void startThePipelineAndReplayADataset() throws Exception {
    registry = KafkaFixture.registryUrl();
    String prefix = KafkaFixture.uniqueId("clients");
    tokenFile = Files.writeString(dir.resolve("http-token"), TOKEN + "\n");
    pipeline = LivePipeline.start(new LivePipeline.Options(KafkaFixture.bootstrapServers(), registry, prefix)
        .partitions(2).workDir(dir.resolve("work"))
        .streamSetting(StreamAppConfig.HTTP_AUTH_TOKEN_FILE, tokenFile.toString()));
    topics = pipeline.topics();
    SyntheticMovieLens.write(dir.resolve("data"), 5, 8, 40, 10);
    ReplayLog log = ReplayLog.fromDataset(Datasets.load("ml-1m", dir.resolve("data")), ReplayLog.Selection.all());
    new Replayer(pipeline.kafka(), pipeline.serdeConfig(), topics).run(log, ReplayOptions.defaults(),
        ReplayListener.NONE);
    await(() -> memory("8") != null && memory("8").getHistory().size() == 10, "the replayed histories");
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** Options every command gets: the test broker, the registry and the pipeline's topic prefix. */
  private static List<String> kafka(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap", KafkaFixture.bootstrapServers(), "--registry-url", registry, "-D",
        "topic.prefix=" + topics.prefix()));
    return all;
  }

  private static Run starec(List<String> args) {
    return StarecCliTest.run(args.toArray(String[]::new));
  }

  private static String url() {
    return "http://127.0.0.1:" + pipeline.streamApp().httpPort();
  }

  private static List<String> candidates() {
    List<String> ids = new ArrayList<>();
    for (int i = 21; i <= 40; i++) {
      ids.add(Integer.toString(i));
    }
    return ids;
  }

  /** {@code starec rank --json} for the user; its answer. */
  private static JsonNode rank(String user) throws Exception {
    Run r = starec(kafka("rank", "--user", user, "--items", String.join(",", candidates()), "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return AvroJson.MAPPER.readTree(r.out());
  }

  @Test
  void rankAnswersWithEveryCandidateExplainedAndTheRationale() throws Exception {
    // Given user 1's replayed history and 20 candidates
    // When the agent is asked, once with --items and once with --candidates FILE
    Run human = starec(kafka("rank", "--user", "1", "--items", String.join(",", candidates())));
    Path file = Files.writeString(dir.resolve("candidates.txt"), "# twenty ids\n" + String.join("\n", candidates())
        + "\n\n");
    Run json = starec(kafka("rank", "-u", "1", "--candidates", file.toString(), "--json"));

    // Then the answer is a full permutation of the candidates, ranked by the embedded policy, not degraded
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode response = AvroJson.MAPPER.readTree(json.out());
    Set<String> ranked = new HashSet<>();
    response.get("ranked").forEach(item -> ranked.add(item.get("itemId").asText()));
    assertThat(ranked).isEqualTo(new HashSet<>(candidates()));
    assertThat(response.get("degraded").asBoolean()).isFalse();
    assertThat(response.get("backend").asText()).isEqualTo("embedded");
    assertThat(response.get("error").isNull()).isTrue();
    // and the human form lists rank, item and explanation per line, then the rationale
    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out()).contains("user 1, request cli-", "ranked by embedded", "rationale:");
    assertThat(human.out().lines().filter(l -> l.matches("\\s+\\d+\\. \\d+.* - .+"))).hasSize(20);
  }

  @Test
  void rankRefusesBadInputAndNamesTheTopicsWhenNoAnswerArrives() {
    // Given topics nobody serves
    Topics idle = Topics.withPrefix(KafkaFixture.uniqueId("idle"));
    KafkaFixture.createTopics(1, idle.rankingRequests().name(), idle.rankingResponses().name());
    // When a ranking is asked there
    Run r = StarecCliTest.run("rank", "--bootstrap", KafkaFixture.bootstrapServers(), "--registry-url", registry,
        "-D", "topic.prefix=" + idle.prefix(), "--user", "1", "--items", "1,2", "--deadline-ms", "300",
        "--wait-ms", "700");
    // Then it says which topics it used and what to check
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no answer to request cli-", idle.rankingRequests().name(),
        idle.rankingResponses().name(), "stream app", "topic.prefix");
    // and bad candidate lists are usage errors
    assertThat(starec(kafka("rank", "--user", "1", "--items", "1,1")).err()).contains("given twice");
    assertThat(starec(kafka("rank", "--user", "1")).exitCode()).isEqualTo(2);
    assertThat(starec(kafka("rank", "--user", "1", "--candidates", dir.resolve("none.txt").toString())).err())
        .contains("cannot read --candidates");
  }

  @Test
  void memoryShowsWhatWasIngestedThePredictionAndTheReflection() throws Exception {
    // Given user 2's history, a served ranking, and the user disliking its first item (a contradicted prediction)
    String top = rank("2").at("/ranked/0/itemId").asText();
    rate("2", top, 1.0);
    await(() -> memory("2").getReflections().size() == 1, "user 2's reflection");
    String lastItem = memory("2").getHistory().get(memory("2").getHistory().size() - 1).getItemId();

    // When the memory is asked for with the token
    Run r = starec(List.of("memory", "2", "--url", url(), "--token-file", tokenFile.toString()));

    // Then it shows the demographics, the history with the latest interaction, the pending prediction and the
    // reflection with the description before and after
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("user 2 (gender ", "description:", "history (11, newest first):",
        "pending predictions (1, newest first):", "by embedded", "last reflections (1, newest first):",
        "predicted rank 1 of 20 (expected a like); happened: rated 1.0 (did not like it)", "before: ", "after:  ",
        "inspector: " + url() + "/inspector/?user=2");
    assertThat(r.out()).contains("  " + lastItem + " ");
    assertThat(r.out()).contains(memory("2").getDescription());
    // and --json is the stream app's redacted JSON
    Run json = starec(List.of("memory", "2", "--url", url(), "--token-file", tokenFile.toString(), "--json"));
    JsonNode m = AvroJson.MAPPER.readTree(json.out());
    assertThat(m.get("view").asText()).isEqualTo("redacted");
    assertThat(json.out()).doesNotContain("promptMessages");
    // and without the token, or for an unknown user, it says why
    Run noToken = starec(List.of("memory", "2", "--url", url()));
    assertThat(noToken.exitCode()).isEqualTo(1);
    assertThat(noToken.err()).contains("wants its token", "--token-file");
    Run unknown = starec(List.of("memory", "nobody", "--url", url(), "--token-file", tokenFile.toString()));
    assertThat(unknown.err()).contains("unknown user nobody");
    Run down = starec(List.of("memory", "2", "--url", "http://127.0.0.1:1"));
    assertThat(down.err()).contains("cannot reach the stream app at http://127.0.0.1:1");
  }

  @Test
  void tailPrintsEveryAvroTopicAsDecodableJsonLines() throws Exception {
    // Given records on every topic: the replay, three rankings resolved by one like (three rewards), a dead letter
    JsonNode ranking = rank("4");
    rank("4");
    rank("4");
    rate("4", ranking.at("/ranked/0/itemId").asText(), 5.0);
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topics.interactions().name(), "4".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8))).get();
    }
    await(() -> starec(kafka("tail", "training.rewards")).out().lines()
        .filter(l -> l.contains("\"userId\":\"4\"")).count() == 3
        && !starec(kafka("tail", "dlq")).out().isBlank(), "the rewards and the dead letter");

    // When each Avro topic of the registry is tailed from the beginning
    for (String name : List.of("items", "users", "interactions", "ranking.requests", "ranking.responses",
        "inference.requests", "inference.results", "training.rewards", "item-stats")) {
      Run r = starec(kafka("tail", name, "--from-beginning", "--max", "3"));
      // Then each prints up to three JSON lines whose value the registry decoded
      assertThat(r.exitCode()).as(name + ": " + r.err()).isZero();
      List<String> lines = r.out().lines().toList();
      assertThat(lines).as(name).hasSize(3);
      for (String line : lines) {
        JsonNode json = AvroJson.MAPPER.readTree(line);
        assertThat(json.get("topic").asText()).isEqualTo(topics.prefix() + "." + name);
        assertThat(json.get("value").isObject()).as(line).isTrue();
        assertThat(json.has("error")).as(line).isFalse();
      }
    }
    // and the interactions' undecodable record is shown with its error, not skipped
    assertThat(starec(kafka("tail", topics.interactions().name(), "--max", "1")).out())
        .contains("\"error\":", "\"valueBase64\":\"bm90IGF2cm8=\"");
    // and the dead letter carries its headers
    String deadLetter = starec(kafka("tail", "dlq", "--max", "1")).out();
    JsonNode dead = AvroJson.MAPPER.readTree(deadLetter);
    assertThat(dead.at("/headers/starec.error.stage").asText()).as(deadLetter).isEqualTo("deserialization");
    // and by default it is the last 10 records, oldest first
    List<String> last = starec(kafka("tail", "interactions")).out().lines().toList();
    assertThat(last).hasSize(10);
    // and an unknown topic lists the names there are
    Run unknown = starec(kafka("tail", "nonsense"));
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown topic 'nonsense'", "interactions", "ranking.responses", "dlq");
  }

  @Test
  void tailFollowsNewRecords() throws Exception {
    // Given a tail following the ranking requests, once it printed the ones there were (the last 10 at most)
    rank("5");
    int backlog = (int) Math.min(10, starec(kafka("tail", "ranking.requests", "--from-beginning")).out().lines()
        .count());
    StringWriter out = new StringWriter();
    CommandLine cli = StarecCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> cli.execute(
        kafka("tail", "ranking.requests", "--follow", "--max", Integer.toString(backlog + 1))
            .toArray(String[]::new)));
    await(() -> out.toString().lines().count() == backlog, "the tail's backlog");
    // When another ranking is asked for user 5
    String requestId = rank("5").get("requestId").asText();
    // Then the follower prints it, and stops at --max
    assertThat(following.get(60, TimeUnit.SECONDS)).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(backlog + 1);
    assertThat(AvroJson.MAPPER.readTree(lines.get(backlog)).at("/value/requestId").asText()).isEqualTo(requestId);
  }

  @Test
  void theInspectorShowsTheAgentInAHeadlessBrowser() throws Exception {
    // Given user 3 ranked, disliking the first item (a reflection), then liking the second (a reward)
    JsonNode ranking = rank("3");
    rate("3", ranking.at("/ranked/0/itemId").asText(), 1.0);
    rate("3", ranking.at("/ranked/1/itemId").asText(), 5.0);
    await(() -> memory("3").getReflections().size() == 1 && memory("3").getPending().get(0).getResolved(),
        "user 3's reflection and reward");
    Chromium chromium = Chromium.findOrSkip();

    // When the inspector's agent page is opened with the token in its fragment
    String page = url() + "/inspector/?user=3#token=" + TOKEN;
    String dom = chromium.dumpDom(page, dir.resolve("chromium-agent"));

    // Then it shows the description, the reflection with both descriptions, and the ranking with its reward
    UserMemory m = memory("3");
    assertThat(dom).contains("Agent <span id=\"agent-id\">3</span>");
    assertThat(dom).contains(escaped(m.getDescription()));
    assertThat(dom).contains("Predicted: ranked 1 of 20 (expected a like)", "What happened: rated 1 (did not like it)",
        "Description after:");
    assertThat(dom).contains("Request " + ranking.get("requestId").asText(), "Rationale:",
        "Reward 0.5", "at rank 2");
    assertThat(dom).doesNotContain("The stream app wants its token");
    Path shot = chromium.screenshot(page, dir.resolve("chromium-agent-shot"), 2400, Path.of("target",
        "inspector-agent.png"));
    System.out.println("inspector screenshot (agent page): " + shot.toAbsolutePath());

    // and the live page shows the counters
    String live = url() + "/inspector/live.html#token=" + TOKEN;
    String liveDom = chromium.dumpDom(live, dir.resolve("chromium-live"));
    assertThat(liveDom).containsPattern("id=\"interactions\">\\d+<");
    assertThat(liveDom).containsPattern("id=\"ndcg\">\\d\\.\\d{3}<");
    Path liveShot = chromium.screenshot(live, dir.resolve("chromium-live-shot"), 480, Path.of("target",
        "inspector-live.png"));
    System.out.println("inspector screenshot (live page): " + liveShot.toAbsolutePath());
    // and without the token the page shows no data
    assertThat(chromium.dumpDom(url() + "/inspector/?user=3", dir.resolve("chromium-none")))
        .contains("The stream app wants its token").doesNotContain(escaped(m.getDescription()));
  }

  @Test
  void theDashboardQueriesOnlyMetricsTheServicesExport() throws Exception {
    // Given traffic of every kind: a ranking disliked (a reflection) then liked (a reward), a request with an
    // unknown item (rejected), a result for no task (dropped) and bytes that are not Avro (a dead letter)
    JsonNode ranking = rank("6");
    rate("6", ranking.at("/ranked/0/itemId").asText(), 1.0);
    rate("6", ranking.at("/ranked/1/itemId").asText(), 5.0);
    assertThat(starec(kafka("rank", "--user", "6", "--items", "21,no-such-item")).exitCode()).isEqualTo(1);
    SpecificAvroSerializer<InferenceResult> results = new SpecificAvroSerializer<>();
    results.configure(Map.of("schema.registry.url", registry), false);
    try (KafkaProducer<String, InferenceResult> p = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new StringSerializer(), results);
        KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaFixture.clientProperties(),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topics.inferenceResults().name(), "6", InferenceResult.newBuilder()
          .setTaskId("no-such-task").setKind(TaskKind.RANK).setUserId("6").setOutputs(List.of())
          .setPromptMessages(List.of()).setBackend("test").setModelVersion("v0").build())).get();
      raw.send(new ProducerRecord<>(topics.interactions().name(), "6".getBytes(StandardCharsets.UTF_8),
          "not avro either".getBytes(StandardCharsets.UTF_8))).get();
    }
    // and a trainer bridge on the same topics
    Map<String, Object> trainer = new HashMap<>();
    trainer.put("bootstrap.servers", KafkaFixture.bootstrapServers());
    trainer.put("schema.registry.url", registry);
    trainer.put("topic.prefix", topics.prefix());
    trainer.put("http.port", "0");
    trainer.put(TrainerConfig.CONSUMER_GROUP, topics.prefix() + "-trainer");
    trainer.put(TrainerConfig.EXPORT_DIR, dir.resolve("exports").toString());
    trainer.put(TrainerConfig.LEARNER_CHECKPOINT, dir.resolve("exports/learner.json").toString());
    try (TrainerApp trainerApp = TrainerApp.start(new TrainerConfig(trainer))) {
      List<String> scrapes = List.of(url() + "/metrics", "http://127.0.0.1:" + pipeline.gateway().httpPort()
          + "/metrics", "http://127.0.0.1:" + trainerApp.httpPort() + "/metrics");
      await(() -> pipeline.metrics().count("starec.stream.reflections", "event", "applied") > 0
          && pipeline.metrics().total("starec.stream.results.dropped") > 0
          && pipeline.metrics().total("starec.stream.dlq") > 0 && scrape(scrapes).contains(
              "starec_trainer_records_consumed_total"), "every kind of traffic to be measured");

      // When the metric names the Grafana dashboard queries are taken from its expressions
      JsonNode dashboard = AvroJson.MAPPER.readTree(Path.of("..", "deploy", "grafana", "dashboards",
          "starec-streams.json").toFile());
      Set<String> queried = new TreeSet<>();
      for (JsonNode panel : dashboard.get("panels")) {
        for (JsonNode target : panel.path("targets")) {
          Matcher m = Pattern.compile("\\b(?:starec|jvm)_[a-z0-9_]+")
              .matcher(target.get("expr").asText().replaceAll("\"[^\"]*\"", ""));
          while (m.find()) {
            queried.add(m.group());
          }
        }
      }

      // Then each is a series one of the three services exports
      String exported = scrape(scrapes);
      assertThat(queried).hasSizeGreaterThan(20);
      assertThat(queried).allSatisfy(name -> assertThat(exported).as("a service exporting " + name)
          .containsPattern("(?m)^" + name + "[{ ]"));
    }
  }

  private static String scrape(List<String> urls) {
    StringBuilder all = new StringBuilder();
    HttpClient http = HttpClient.newHttpClient();
    for (String u : urls) {
      try {
        all.append(http.send(HttpRequest.newBuilder(URI.create(u)).GET().build(),
            HttpResponse.BodyHandlers.ofString()).body()).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return all.toString();
  }

  /** How text shows in a DOM dump: the browser escapes markup characters of text nodes. */
  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void rate(String user, String item, double rating) throws Exception {
    SpecificAvroSerializer<Interaction> values = new SpecificAvroSerializer<>();
    values.configure(Map.of("schema.registry.url", registry), false);
    try (KafkaProducer<String, Interaction> p = new KafkaProducer<>(KafkaFixture.clientProperties(),
        new StringSerializer(), values)) {
      p.send(new ProducerRecord<>(topics.interactions().name(), user, Interaction.newBuilder()
          .setEventId("it-" + user + "-" + item).setUserId(user).setItemId(item).setType(InteractionType.RATE)
          .setRating(rating).setTimestampMs(System.currentTimeMillis()).build())).get();
    }
  }

  private static UserMemory memory(String user) {
    return pipeline.streamApp().streams().store(StoreQueryParameters.fromNameAndType(StoreNames.USER_MEMORY,
        QueryableStoreTypes.<String, UserMemory>keyValueStore())).get(user);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // stores are briefly unqueryable while a rebalance settles
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
