package io.starec.streamapp;

import io.starec.avro.InteractionType;
import io.starec.config.StarecConfig;
import io.starec.core.reflection.BehaviourAnalysis;
import io.starec.core.memory.MemoryLimits;
import io.starec.core.memory.PositiveRule;
import io.starec.core.stats.Cooccurrence;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Typed configuration of {@code starec stream-app}: the common STARec keys plus the stream app's own. Any key
 * prefixed {@code streams.} is passed to Kafka Streams unchanged (e.g. {@code streams.max.task.idle.ms}).
 */
public final class StreamAppConfig extends AbstractConfig {

  public static final String APPLICATION_ID = "application.id";
  public static final String APPLICATION_SERVER = "application.server";
  public static final String STATE_DIR = "state.dir";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String NUM_STREAM_THREADS = "num.stream.threads";
  public static final String STANDBY_REPLICAS = "standby.replicas";
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  public static final String TOPICS_CREATE = "topics.create";
  public static final String ITEM_STATS_TOPIC = "item.stats.topic";
  public static final String DOMAIN = "domain";
  public static final String DATA_SOURCE_NAME = "data.source.name";
  public static final String POSITIVE_RATING_THRESHOLD = "positive.rating.threshold";
  public static final String POSITIVE_IMPLICIT_TYPES = "positive.implicit.types";
  public static final String LIKE_THRESHOLD = "like.threshold";
  public static final String REFLECTION_ENABLED = "reflection.enabled";
  public static final String MEMORY_HISTORY_SIZE = "memory.history.size";
  public static final String MEMORY_PENDING_RANKINGS = "memory.pending.rankings";
  public static final String MEMORY_PENDING_TTL_MS = "memory.pending.ttl.ms";
  public static final String MEMORY_DESCRIPTION_MAX_CHARS = "memory.description.max.chars";
  public static final String EXPLORE_GROUP_SIZE = "explore.group.size";
  public static final String EXPLORE_FRACTION = "explore.fraction";
  public static final String EXPLORE_TEMPERATURE = "explore.temperature";
  public static final String SERVE_TEMPERATURE = "serve.temperature";
  public static final String INFERENCE_MAX_TOKENS = "inference.max.tokens";
  public static final String RANK_TIMEOUT_MS = "rank.timeout.ms";
  public static final String REFLECT_TIMEOUT_MS = "reflect.timeout.ms";
  public static final String DEADLINE_CHECK_INTERVAL_MS = "deadline.check.interval.ms";
  public static final String COOCCURRENCE_WINDOW = "cooccurrence.window";
  public static final String COOCCURRENCE_DECAY = "cooccurrence.decay";
  public static final String COOCCURRENCE_TOP_N = "cooccurrence.top.n";
  public static final String COOCCURRENCE_RECENCY = "cooccurrence.recency";
  public static final String OUTPUT_MAX_RECORD_BYTES = "output.max.record.bytes";
  public static final String TIMESTAMP_MAX_FUTURE_MS = "timestamp.max.future.ms";
  public static final String REQUEST_MAX_CANDIDATES = "request.max.candidates";
  public static final String REPLY_TO_TOPICS = "reply.to.topics";
  public static final String ITEM_TEXT_MAX_CHARS = "item.text.max.chars";
  public static final String ITEM_GENRES_MAX = "item.genres.max";
  public static final String ID_MAX_CHARS = "id.max.chars";
  public static final String THREAD_REPLACEMENTS_MAX = "thread.replacements.max";
  public static final String THREAD_REPLACEMENTS_WINDOW_MS = "thread.replacements.window.ms";
  public static final String REGISTRY_OUTAGE_BACKOFF_MS = "registry.outage.backoff.ms";
  public static final String STREAMS_PREFIX = "streams.";
  public static final String HTTP_AUTH_TOKEN_FILE = "http.auth.token.file";

  private static final ConfigDef CONFIG;

  static {
    String defaultStateDir = Path.of(System.getProperty("java.io.tmpdir"), "starec-streams").toString();
    CONFIG = StarecConfig.configDef()
        // Kafka Streams
        .define(APPLICATION_ID, Type.STRING, "starec-stream-app", new ConfigDef.NonEmptyString(), Importance.HIGH,
            "Kafka Streams application id: consumer group, prefix of internal topics and state.")
        .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM,
            "host:port other instances use to reach this one's HTTP API (interactive queries); empty = "
                + "http.bind.address and the bound HTTP port.")
        .define(STATE_DIR, Type.STRING, defaultStateDir, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Directory of the RocksDB state stores.")
        .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
            ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH,
            "exactly_once_v2 (memory, outputs and offsets commit atomically) or at_least_once.")
        .define(NUM_STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM, "Stream threads.")
        .define(STANDBY_REPLICAS, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
            "Standby replicas of each state store (warm copies on other instances for fast fail-over).")
        .define(COMMIT_INTERVAL_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.LOW,
            "Commit interval; -1 = Kafka Streams' default (100 ms with exactly-once).")
        .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
            "Create missing STARec topics (and the item-stats topic) at start-up.")
        .define(ITEM_STATS_TOPIC, Type.STRING, "", Importance.LOW,
            "Compacted topic the item statistics are published to; empty = <topic.prefix>.item-stats.")
        .define(HTTP_AUTH_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
            "File holding the bearer token that the endpoints returning user data (/users/{id}/memory, "
                + "/users/{id}/agent, /live) require as 'Authorization: Bearer <token>'; empty = no token, "
                + "acceptable only while http.bind.address is 127.0.0.1.")
        // agent behaviour
        .define(DOMAIN, Type.STRING, "movies", ValidString.in("movies", "music"), Importance.HIGH,
            "Prompt domain copied into every inference task.")
        .define(DATA_SOURCE_NAME, Type.STRING, "live", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "Reward records' data source, starec/<name>/rank and starec/<name>/reflect, for ranking requests "
                + "that name none in their dataSource field (starec replay names the dataset, e.g. ml-1m).")
        .define(POSITIVE_RATING_THRESHOLD, Type.DOUBLE, PositiveRule.DEFAULT_RATING_THRESHOLD, Importance.MEDIUM,
            "An interaction is positive when its rating is above this.")
        .define(POSITIVE_IMPLICIT_TYPES, Type.LIST, "CLICK,PURCHASE", ConfigDef.LambdaValidator.with((name, value) -> {
          for (Object t : (List<?>) value) {
            try {
              InteractionType.valueOf(t.toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              throw new ConfigException(name, value, "unknown interaction type " + t);
            }
          }
        }, () -> "a list of " + Arrays.toString(InteractionType.values()) + " (any case), or empty"),
            Importance.MEDIUM, "Interaction types that are positive without a rating; empty = none.")
        .define(LIKE_THRESHOLD, Type.INT, BehaviourAnalysis.DEFAULT_LIKE_THRESHOLD, Range.atLeast(1),
            Importance.MEDIUM, "Behaviour analysis: the agent 'predicted liked' items ranked this high or higher.")
        .define(REFLECTION_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
            "Ask for a reflection when feedback contradicts a prediction; false = rank only (no-reflection "
                + "baseline).")
        .define(MEMORY_HISTORY_SIZE, Type.INT, MemoryLimits.DEFAULT_HISTORY, Range.atLeast(1), Importance.MEDIUM,
            "Interactions kept per user.")
        .define(MEMORY_PENDING_RANKINGS, Type.INT, MemoryLimits.DEFAULT_PENDING, Range.atLeast(1), Importance.LOW,
            "Served rankings kept per user awaiting ground truth.")
        .define(MEMORY_PENDING_TTL_MS, Type.LONG, MemoryLimits.DEFAULT_PENDING_TTL_MS, Range.atLeast(1),
            Importance.LOW, "How long (event time) a served ranking waits for ground truth.")
        .define(MEMORY_DESCRIPTION_MAX_CHARS, Type.INT, MemoryLimits.DEFAULT_DESCRIPTION_CAP, Range.atLeast(1),
            Importance.LOW, "Maximum length of the preference description.")
        .define(EXPLORE_GROUP_SIZE, Type.INT, AppSettings.DEFAULT_GROUP_SIZE, Range.atLeast(1), Importance.MEDIUM,
            "Rollouts G of an explored ranking (one GRPO group).")
        .define(EXPLORE_FRACTION, Type.DOUBLE, 0.0, Range.between(0.0, 1.0), Importance.MEDIUM,
            "Share of SERVE requests also explored, chosen by a hash of the request id: their task asks for G "
                + "sampled rollouts for training plus the greedy ranking, which is what the client is served.")
        .define(EXPLORE_TEMPERATURE, Type.DOUBLE, 1.0, Range.atLeast(0.0), Importance.LOW,
            "Sampling temperature of explored rollouts.")
        .define(SERVE_TEMPERATURE, Type.DOUBLE, 0.0, Range.atLeast(0.0), Importance.LOW,
            "Sampling temperature of served rankings and reflections (0 = greedy, deterministic).")
        .define(INFERENCE_MAX_TOKENS, Type.INT, 2048, Range.atLeast(1), Importance.LOW,
            "Maximum completion tokens per rollout.")
        .define(RANK_TIMEOUT_MS, Type.LONG, AppSettings.DEFAULT_RANK_TIMEOUT_MS, Range.atLeast(1), Importance.MEDIUM,
            "Wall-clock time the gateway has to answer a ranking before the degraded fallback does.")
        .define(REFLECT_TIMEOUT_MS, Type.LONG, AppSettings.DEFAULT_REFLECT_TIMEOUT_MS, Range.atLeast(1),
            Importance.LOW, "Wall-clock time a reflection may take before it is dropped.")
        .define(DEADLINE_CHECK_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
            "How often expired tasks are looked for.")
        .define(COOCCURRENCE_WINDOW, Type.INT, Cooccurrence.DEFAULT_WINDOW, Range.between(0, 100), Importance.LOW,
            "Preceding items of a user's sequence paired with each new interaction.")
        .define(COOCCURRENCE_DECAY, Type.DOUBLE, Cooccurrence.DEFAULT_DECAY, Range.between(0.0, 1.0),
            Importance.LOW, "Weight factor per step of distance in the sequence.")
        .define(COOCCURRENCE_TOP_N, Type.INT, Cooccurrence.DEFAULT_TOP_N, Range.between(1, 1000), Importance.LOW,
            "Co-occurring items kept per item.")
        .define(COOCCURRENCE_RECENCY, Type.DOUBLE, Cooccurrence.DEFAULT_RECENCY, Range.between(0.0, 1.0),
            Importance.LOW, "Weight factor per step back in the user's history when scoring candidates.")
        // hostile input
        .define(OUTPUT_MAX_RECORD_BYTES, Type.INT, InputBounds.DEFAULT_OUTPUT_MAX_RECORD_BYTES, Range.atLeast(1),
            Importance.MEDIUM, "Largest serialized task, response or reward; a bigger one dead-letters its source "
                + "record (stage serialization) before the producer sees it: under exactly-once a send the broker "
                + "refuses aborts the transaction and the record would be re-processed forever. Keep it below the "
                + "output topics' max.message.bytes.")
        .define(TIMESTAMP_MAX_FUTURE_MS, Type.LONG, InputBounds.DEFAULT_TIMESTAMP_MAX_FUTURE_MS, Range.atLeast(0),
            Importance.MEDIUM, "How far ahead of the wall clock an interaction's or ranking request's time (record "
                + "timestamp or timestampMs) may be; later ones are dead-lettered. Keep it below the broker's "
                + "log.message.timestamp.after.max.ms (1 h), which refuses outputs stamped with such a time. Old "
                + "(replayed) times are always accepted.")
        .define(REQUEST_MAX_CANDIDATES, Type.INT, InputBounds.DEFAULT_MAX_CANDIDATES, Range.atLeast(1),
            Importance.MEDIUM, "Candidates per ranking request; a longer request is answered with an error.")
        .define(ITEM_TEXT_MAX_CHARS, Type.INT, InputBounds.DEFAULT_ITEM_TEXT_MAX_CHARS, Range.atLeast(1),
            Importance.LOW, "Longest item title, artist or genre carried to the gateway; longer catalogue text is "
                + "truncated, the item stays rankable.")
        .define(ITEM_GENRES_MAX, Type.INT, InputBounds.DEFAULT_ITEM_GENRES_MAX, Range.atLeast(0), Importance.LOW,
            "Genres of an item carried to the gateway; the first ones are kept.")
        .define(ID_MAX_CHARS, Type.INT, InputBounds.DEFAULT_ID_MAX_CHARS, Range.atLeast(1), Importance.LOW,
            "Longest user, item, event or request id: an interaction or request with a longer one is dead-lettered, "
                + "a longer candidate id is answered with an error. With request.max.candidates and "
                + "memory.pending.rankings it bounds a user's memory record in bytes.")
        .define(REPLY_TO_TOPICS, Type.LIST, "", Importance.MEDIUM,
            "Topics besides the responses topic a ranking request may name in replyTo; a request naming another "
                + "is answered with an error on the responses topic. Empty = the responses topic only.")
        .define(THREAD_REPLACEMENTS_MAX, Type.INT, ThreadDeaths.DEFAULT_MAX_REPLACEMENTS, Range.atLeast(0),
            Importance.LOW, "Stream threads replaced after a failure within thread.replacements.window.ms; one "
                + "more failure shuts the app down (state ERROR, /health 503) instead of replacing a thread that "
                + "re-reads the same record and dies again. Registry outages do not count.")
        .define(THREAD_REPLACEMENTS_WINDOW_MS, Type.LONG, ThreadDeaths.DEFAULT_WINDOW_MS, Range.atLeast(1),
            Importance.LOW, "Window of thread.replacements.max.")
        .define(REGISTRY_OUTAGE_BACKOFF_MS, Type.LONG, ThreadDeaths.DEFAULT_OUTAGE_BACKOFF_MS, Range.atLeast(0),
            Importance.LOW, "When a record cannot be decoded because the schema registry is unreachable, the "
                + "thread fails (the record is re-read, never dead-lettered) and is replaced after this long, plus "
                + "up to as much again of random jitter.");
  }

  public StreamAppConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  /** A copy of the definitions: the common keys and the stream app's. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  /** Defaults, file, STAREC_* environment, then overrides (highest). */
  public static StreamAppConfig load(Path propertiesFileOrNull, Map<String, String> env, Map<String, ?> overrides) {
    return new StreamAppConfig(StarecConfig.load(CONFIG, propertiesFileOrNull, env, overrides));
  }

  /** The typed behaviour the topology is built with. */
  public AppSettings appSettings() {
    Set<InteractionType> implicit = EnumSet.noneOf(InteractionType.class);
    for (String t : getList(POSITIVE_IMPLICIT_TYPES)) {
      if (!t.isBlank()) {
        implicit.add(InteractionType.valueOf(t.trim().toUpperCase(Locale.ROOT)));
      }
    }
    if (getDouble(COOCCURRENCE_DECAY) <= 0 || getDouble(COOCCURRENCE_RECENCY) <= 0) {
      throw new ConfigException(COOCCURRENCE_DECAY + " and " + COOCCURRENCE_RECENCY + " must be above 0");
    }
    return new AppSettings(getString(DOMAIN), getString(DATA_SOURCE_NAME),
        new PositiveRule(getDouble(POSITIVE_RATING_THRESHOLD), implicit),
        new MemoryLimits(getInt(MEMORY_HISTORY_SIZE), getInt(MEMORY_PENDING_RANKINGS),
            getLong(MEMORY_PENDING_TTL_MS), getInt(MEMORY_DESCRIPTION_MAX_CHARS)),
        getInt(LIKE_THRESHOLD), getInt(EXPLORE_GROUP_SIZE), getDouble(EXPLORE_FRACTION),
        getDouble(EXPLORE_TEMPERATURE), getDouble(SERVE_TEMPERATURE), getInt(INFERENCE_MAX_TOKENS),
        getLong(RANK_TIMEOUT_MS), getLong(REFLECT_TIMEOUT_MS), getLong(DEADLINE_CHECK_INTERVAL_MS),
        new Cooccurrence(getInt(COOCCURRENCE_WINDOW), getDouble(COOCCURRENCE_DECAY), getInt(COOCCURRENCE_TOP_N),
            getDouble(COOCCURRENCE_RECENCY)), getBoolean(REFLECTION_ENABLED),
        new InputBounds(getInt(OUTPUT_MAX_RECORD_BYTES), getLong(TIMESTAMP_MAX_FUTURE_MS),
            getInt(REQUEST_MAX_CANDIDATES), getInt(ITEM_TEXT_MAX_CHARS), getInt(ITEM_GENRES_MAX),
            getInt(ID_MAX_CHARS), replyToTopics()));
  }

  private Set<String> replyToTopics() {
    Set<String> topics = new HashSet<>();
    for (String t : getList(REPLY_TO_TOPICS)) {
      if (!t.isBlank()) {
        topics.add(t.trim());
      }
    }
    return topics;
  }

  /** Topic names from topic.prefix / topic.partitions, and the item-stats topic. */
  public StreamTopics streamTopics() {
    StreamTopics t = StreamTopics.from(StarecConfig.topics(this));
    String stats = getString(ITEM_STATS_TOPIC);
    return stats == null || stats.isBlank() ? t : t.withItemStats(stats);
  }
}
