package io.starec.pipeline.liveeval;

import io.starec.localkafka.LocalKafka;
import io.starec.pipeline.LivePipeline;

import io.starec.avro.RankedItem;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.research.dataset.Rating;
import io.starec.research.protocol.EvalData;
import io.starec.research.eval.EvalMethod;
import io.starec.research.eval.EvalRequest;
import io.starec.research.protocol.EvalUser;
import io.starec.research.eval.MethodRun;
import io.starec.research.protocol.TrainingScope;
import io.starec.research.eval.UserRanking;
import io.starec.replay.EventIds;
import io.starec.replay.ParseIssues;
import io.starec.replay.RankingClient;
import io.starec.replay.ReplayListener;
import io.starec.replay.ReplayLog;
import io.starec.replay.ReplayOptions;
import io.starec.replay.ReplayResult;
import io.starec.replay.Replayer;
import io.starec.localkafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live methods of {@code starec eval} ({@code embedded}, {@code triton}): the ranking comes from the running
 * system, not from a function. Per seed, on a fresh pipeline ({@link LivePipeline}: stream app + gateway on an
 * in-JVM broker and mock registry, unique topic prefix and application id):
 *
 * <ol>
 *   <li>the training interactions of the configured scope and the test users' histories are replayed through the
 *       stream app in timestamp order (memory and item statistics build up); the last {@code simulateLast}
 *       history interactions of each test user go the --simulate-ranking way (a ranking request first, its answer
 *       awaited, then the interaction), so predictions meet feedback and reflections fire as in the paper's loop;
 *   <li>outstanding reflections are awaited;
 *   <li>each test user's final ranking request (the target plus the shared preprocessing's negatives, in its
 *       candidate order) goes to the ranking-requests topic; the answers are read from the responses topic.
 * </ol>
 * NDCG comes from those answers; a response whose parse issues show a repaired ranking counts as a parse failure,
 * a fallback answer (or none in time) as degraded.
 */
public final class LiveEvalMethod implements EvalMethod {

  private static final Logger LOG = LoggerFactory.getLogger(LiveEvalMethod.class);

  /** Settings of the live run (from EvalOptions.extra or -Dstarec.live.* system properties). */
  public record Settings(String backend, String tritonUrl, boolean reflection, int simulateLast, String training,
      int inFlight, Duration responseTimeout, String bootstrap, String registryUrl, int partitions) {

    public Settings {
      Objects.requireNonNull(backend, "backend");
      if (simulateLast < 0 || inFlight < 1 || partitions < 1) {
        throw new IllegalArgumentException("simulate-last >= 0, in-flight >= 1, partitions >= 1 expected");
      }
      if (!List.of("sample", "full", "none").contains(training)) {
        throw new IllegalArgumentException("live.training must be sample, full or none, was " + training);
      }
    }
  }

  private final String name;
  private final Settings settings;

  public LiveEvalMethod(String name, Settings settings) {
    this.name = name;
    this.settings = settings;
  }

  @Override
  public String name() {
    return name;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public MethodRun run(EvalRequest request) throws Exception {
    EmbeddedKafkaBroker broker = settings.bootstrap() == null ? LocalKafka.start() : null;
    String bootstrap = broker != null ? broker.bootstrapServers() : settings.bootstrap();
    String registry = settings.registryUrl() != null ? settings.registryUrl()
        : "mock://eval-" + UUID.randomUUID();
    String prefix = "eval-" + name + "-s" + request.seed() + "-" + UUID.randomUUID().toString().substring(0, 8);
    EvalData data = request.data();
    String dataset = data.dataset().name();
    LivePipeline.Options options = new LivePipeline.Options(bootstrap, registry, prefix)
        .partitions(settings.partitions()).reflection(settings.reflection())
        .dataset(dataset.startsWith("cds") ? "music" : "movies", dataset.replace('/', '-'));
    if ("triton".equals(settings.backend())) {
      options.triton(settings.tritonUrl());
    }
    try (LivePipeline pipeline = LivePipeline.start(options)) {
      return run(pipeline, request);
    } finally {
      if (broker != null) {
        broker.stop();
      }
    }
  }

  /** Runs one seed on a started pipeline. */
  MethodRun run(LivePipeline pipeline, EvalRequest request) throws InterruptedException {
    EvalData data = request.data();
    long seed = request.seed();
    List<EvalUser> users = request.users();
    ReplayLog log = replayLog(data, users, settings.training());
    log.simulateLast(users.stream().map(EvalUser::userId).toList(), settings.simulateLast());
    ReplayOptions ro = ReplayOptions.defaults().withSeed(seed).withMaxUsersInFlight(settings.inFlight())
        .withResponseTimeout(settings.responseTimeout()).withNegatives(data.config().negatives());
    Replayer replayer = new Replayer(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics());
    long t0 = System.nanoTime();
    try (RankingClient client = new RankingClient(pipeline.kafka(), pipeline.serdeConfig(), pipeline.topics(),
        "starec-eval", 40)) {
      LOG.info("live eval {} seed {}: replaying {} interactions ({} with a simulated ranking) of {} users",
          name, seed, log.size(), log.simulatedCount(), log.users().size());
      ReplayResult replay = replayer.run(log, ro, ReplayListener.NONE, client);
      LOG.info("live eval {} seed {}: {}", name, seed, replay.summaryLine());
      if (!pipeline.awaitReflections(Duration.ofSeconds(120))) {
        LOG.warn("live eval {} seed {}: {} reflections still outstanding", name, seed,
            pipeline.reflectionsOutstanding());
      }
      long t1 = System.nanoTime();
      List<UserRanking> rankings = finalRankings(client, data, log, users, seed, request.progress());
      long t2 = System.nanoTime();
      var m = pipeline.metrics();
      LOG.info(String.format(Locale.ROOT, "live eval %s seed %d: history %.1f s, final rankings %.1f s "
              + "(%.0f ms/user); reflections applied %.0f, failed %.0f; rewards %.0f", name, seed, (t1 - t0) / 1e9,
          (t2 - t1) / 1e9, users.isEmpty() ? 0 : (t2 - t1) / 1e6 / users.size(),
          m.count("starec.stream.reflections", "event", "applied"),
          m.count("starec.stream.reflections", "event", "failed"), m.total("starec.stream.rewards")));
      return new MethodRun(rankings);
    }
  }

  /** The interactions to replay: the training scope's, or only the test users' histories. */
  static ReplayLog replayLog(EvalData data, List<EvalUser> users, String training) {
    Collection<Rating> ratings;
    if ("none".equals(training)) {
      List<Rating> histories = new ArrayList<>();
      users.forEach(u -> histories.addAll(u.history()));
      ratings = histories;
    } else {
      ratings = data.interactions("full".equals(training) ? TrainingScope.FULL : TrainingScope.SAMPLE);
    }
    Map<String, List<String>> touched = new HashMap<>();
    for (EvalUser u : users) {
      touched.put(u.userId(), data.sequence(u.userId()).stream().map(Rating::itemId).toList());
    }
    return ReplayLog.of(data.dataset().name(), data.dataset().explicitRatings(), data.dataset().items(),
        data.dataset().users(), ratings, touched);
  }

  private List<UserRanking> finalRankings(RankingClient client, EvalData data, ReplayLog log, List<EvalUser> users,
      long seed, EvalRequest.Progress progress) throws InterruptedException {
    Semaphore slots = new Semaphore(settings.inFlight());
    Map<String, CompletableFuture<RankingClient.Reply>> replies = new HashMap<>();
    String dataset = data.dataset().name();
    for (EvalUser u : users) {
      slots.acquire();
      long t = log.toEventTime(u.target().timestampMs());
      RankingRequest req = RankingRequest.newBuilder()
          .setRequestId(EventIds.evalRequestId(dataset, u.userId(), seed)).setUserId(u.userId())
          .setCandidateItemIds(new ArrayList<>(u.candidates()))
          .setDeadlineMs(Replayer.deadline(t, settings.responseTimeout())).setMode(RankingMode.SERVE)
          .setReplyTo(null).setTimestampMs(t).build();
      CompletableFuture<RankingClient.Reply> f = client.send(req, settings.responseTimeout());
      f.whenComplete((r, e) -> {
        slots.release();
        progress.advance(1);
      });
      replies.put(u.userId(), f);
    }
    List<UserRanking> out = new ArrayList<>(users.size());
    for (EvalUser u : users) {
      RankingClient.Reply reply;
      try {
        reply = replies.get(u.userId()).join();
      } catch (RuntimeException e) {
        LOG.debug("no answer for user {}: {}", u.userId(), e.toString());
        out.add(new UserRanking(u.userId(), List.of(), false, true));
        continue;
      }
      out.add(toRanking(u.userId(), reply.response()));
    }
    return out;
  }

  static UserRanking toRanking(String userId, RankingResponse r) {
    if (r.getError() != null) {
      return new UserRanking(userId, List.of(), true, false);
    }
    List<RankedItem> ranked = new ArrayList<>(r.getRanked());
    ranked.sort(java.util.Comparator.comparingInt(RankedItem::getRank));
    List<String> ids = ranked.stream().map(RankedItem::getItemId).toList();
    return new UserRanking(userId, ids, ParseIssues.failure(r.getParseIssues()), r.getDegraded());
  }
}
