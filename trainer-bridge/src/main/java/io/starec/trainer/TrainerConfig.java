package io.starec.trainer;

import io.starec.config.StarecConfig;
import io.starec.topics.PolicySignature;
import io.starec.trainer.export.ExportStore;
import io.starec.workerkit.consumer.Backoff;
import io.starec.workerkit.consumer.RegistryOutage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Configuration of {@code starec trainer}: the common keys plus {@code trainer.*}. */
public final class TrainerConfig extends AbstractConfig {

  public static final String CONSUMER_GROUP = "trainer.consumer.group";
  public static final String GROUP_TIMEOUT_MS = "trainer.group.timeout.ms";
  public static final String GROUP_MAX_SIZE = "trainer.group.max.size";
  public static final String GROUP_MAX_OPEN = "trainer.group.max.open";
  public static final String GROUP_MAX_BYTES = "trainer.group.max.bytes";
  public static final String REGISTRY_RETRY_BACKOFF_MS = RegistryOutage.BACKOFF_MS_CONFIG;
  public static final String REGISTRY_RETRY_BACKOFF_MAX_MS = RegistryOutage.BACKOFF_MAX_MS_CONFIG;
  public static final String ADVANTAGE_EPSILON = "trainer.advantage.epsilon";
  public static final String EXPORT_DIR = "trainer.export.dir";
  public static final String EXPORT_FORMAT = "trainer.export.format";
  public static final String EXPORT_PARQUET_COMPRESSION = "trainer.export.parquet.compression";
  public static final String EXPORT_SPLIT = "trainer.export.split";
  public static final String ROLL_BYTES = "trainer.export.roll.bytes";
  public static final String ROLL_MS = "trainer.export.roll.ms";
  public static final String COMMIT_INTERVAL_MS = "trainer.commit.interval.ms";
  public static final String POLL_TIMEOUT_MS = "trainer.poll.timeout.ms";
  public static final String SFT_ENABLED = "trainer.sft.enabled";
  public static final String SFT_DATASET = "trainer.sft.dataset.name";
  public static final String SFT_NDCG_THRESHOLD = "trainer.sft.ndcg.threshold";
  public static final String SFT_MIN_THINK_CHARS = "trainer.sft.min.think.chars";
  public static final String SFT_KEYWORDS = "trainer.sft.keywords";
  public static final String SFT_TASKS = "trainer.sft.tasks";
  public static final String LEARNER_ENABLED = "trainer.learner.enabled";
  public static final String LEARNER_POLICY_NAME = "trainer.learner.policy.name";
  public static final String POLICY_SIGNING_KEY_FILE = PolicySignature.KEY_FILE_CONFIG;
  public static final String LEARNER_GROUPS_PER_UPDATE = "trainer.learner.groups.per.update";
  public static final String LEARNER_LEARNING_RATE = "trainer.learner.learning.rate";
  public static final String LEARNER_CLIP_EPSILON = "trainer.learner.clip.epsilon";
  public static final String LEARNER_KL_BETA = "trainer.learner.kl.beta";
  public static final String LEARNER_TEMPERATURE = "trainer.learner.temperature";
  public static final String LEARNER_MINI_BATCHES = "trainer.learner.mini.batches";
  public static final String LEARNER_CHECKPOINT = "trainer.learner.checkpoint.path";
  public static final String LEARNER_INITIAL_WEIGHTS = "trainer.learner.initial.weights";

  private static final String CHECKPOINT_FILE = "learner-checkpoint.json";
  /** One minute: a short trial finishes files while it runs; an hour's export is 60 files per stream. */
  public static final long DEFAULT_ROLL_MS = 60_000L;

  public static final List<String> DEFAULT_KEYWORDS = List.of("prefer", "like", "enjoy", "interest", "taste",
      "favorite", "favourite", "fan of", "love", "genre", "style", "history", "watched", "listened");

  /** After the stream app's 8080 and the gateway's 8081, so all three run on one host without settings. */
  public static final int DEFAULT_HTTP_PORT = 8082;

  private static final ConfigDef CONFIG = StarecConfig.configDef(DEFAULT_HTTP_PORT)
      .define(CONSUMER_GROUP, Type.STRING, "starec-trainer", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Consumer group id of the trainer on the training-rewards topic.")
      .define(GROUP_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.HIGH,
          "A GRPO group still short of groupSize this long after its first record is flushed as partial.")
      .define(GROUP_MAX_SIZE, Type.INT, 64, Range.between(1, 4096), Importance.LOW,
          "Upper bound on a record's groupSize (protects memory from a corrupt value).")
      .define(GROUP_MAX_OPEN, Type.INT, 100_000, Range.atLeast(1), Importance.LOW,
          "Open groups above this number flush the oldest as partial.")
      .define(GROUP_MAX_BYTES, Type.LONG, 128L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
          "Budget of the open groups in record bytes (as read from the topic): above it the oldest open groups are "
              + "flushed as partial after the poll that crossed it, counted as groups_flushed_over_byte_budget. A "
              + "record's objects in memory take about one to two times its size.")
      .define(REGISTRY_RETRY_BACKOFF_MS, Type.LONG, RegistryOutage.DEFAULT_BACKOFF_MS, Range.atLeast(1),
          Importance.LOW, RegistryOutage.BACKOFF_MS_DOC)
      .define(REGISTRY_RETRY_BACKOFF_MAX_MS, Type.LONG, RegistryOutage.DEFAULT_BACKOFF_MAX_MS, Range.atLeast(1),
          Importance.LOW, RegistryOutage.BACKOFF_MAX_MS_DOC)
      .define(ADVANTAGE_EPSILON, Type.DOUBLE, 1e-6, Range.atLeast(0), Importance.LOW,
          "Epsilon in A = (r - mean) / (std + eps); std is the sample std, as in VeRL.")
      .define(EXPORT_DIR, Type.STRING, "data/trainer", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Export folder (one trainer per folder): manifest.json, verl/, sft/.")
      .define(EXPORT_FORMAT, Type.STRING, "parquet", ValidString.in("parquet", "json"), Importance.MEDIUM,
          "VeRL file format: parquet (Carpet) or json (JSON Lines in .json files; VeRL reads both).")
      .define(EXPORT_PARQUET_COMPRESSION, Type.STRING, ExportStore.DEFAULT_PARQUET_CODEC.name().toLowerCase(Locale.ROOT),
          ValidString.in("snappy", "zstd", "gzip", "uncompressed"), Importance.MEDIUM,
          "Codec of the Parquet files: snappy (Parquet's usual default; every reader, light ones such as "
              + "hyparquet or parquetjs too), zstd (smaller; pyarrow, DuckDB, Spark), gzip or uncompressed.")
      .define(EXPORT_SPLIT, Type.STRING, "train", Importance.LOW, "extra_info.split of exported rows.")
      .define(ROLL_BYTES, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
          "Roll an export file at this size (Parquet: estimated uncompressed row bytes).")
      .define(ROLL_MS, Type.LONG, DEFAULT_ROLL_MS, Range.atLeast(1), Importance.MEDIUM,
          "Roll an export file this long after its first row (a clean stop finishes it at once); offsets are "
              + "committed only behind finished files.")
      .define(COMMIT_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
          "How often committable offsets are committed.")
      .define(POLL_TIMEOUT_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW, "Consumer poll timeout.")
      .define(SFT_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
          "Write the screened LLaMA-Factory SFT export (sft/) next to the VeRL export.")
      .define(SFT_DATASET, Type.STRING, "starec_sft", new ConfigDef.NonEmptyString(), Importance.LOW,
          "Dataset name in sft/dataset_info.json (and the folder of its files).")
      .define(SFT_NDCG_THRESHOLD, Type.DOUBLE, 0.5, Range.between(0, 1), Importance.MEDIUM,
          "Keep SFT samples with NDCG@10 at least this (0.5 = positive in the top 3).")
      .define(SFT_MIN_THINK_CHARS, Type.INT, 20, Range.atLeast(0), Importance.LOW,
          "A chain of thought shorter than this counts as missing.")
      .define(SFT_KEYWORDS, Type.LIST, String.join(",", DEFAULT_KEYWORDS), Importance.LOW,
          "Preference keywords; a sample whose reasoning contains none is rejected (case-insensitive).")
      .define(SFT_TASKS, Type.LIST, "RANK", Importance.LOW,
          "Task kinds screened into the SFT export: RANK and/or REFLECT.")
      .define(LEARNER_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
          "Run the embedded GRPO learner on groups that carry policy features and publish PolicyUpdates.")
      .define(LEARNER_POLICY_NAME, Type.STRING, "embedded", Importance.LOW,
          "policyName (and record key) of the published PolicyUpdates.")
      .define(POLICY_SIGNING_KEY_FILE, Type.STRING, "", Importance.HIGH, PolicySignature.KEY_FILE_DOC)
      .define(LEARNER_GROUPS_PER_UPDATE, Type.INT, 16, Range.atLeast(1), Importance.MEDIUM,
          "Trainable groups per GRPO update (one published version each).")
      .define(LEARNER_LEARNING_RATE, Type.DOUBLE, 0.01, Range.atLeast(0), Importance.MEDIUM, "Adam learning rate.")
      .define(LEARNER_CLIP_EPSILON, Type.DOUBLE, 0.2, Range.between(0, 1), Importance.LOW, "GRPO clip epsilon.")
      .define(LEARNER_KL_BETA, Type.DOUBLE, 1e-3, Range.atLeast(0), Importance.LOW,
          "KL penalty to the anchored reference (k3 estimator, VeRL's low_var_kl).")
      .define(LEARNER_TEMPERATURE, Type.DOUBLE, 1.0, Range.atLeast(1e-6), Importance.LOW,
          "Plackett-Luce temperature of the rollouts (the explore temperature the gateway samples at).")
      .define(LEARNER_MINI_BATCHES, Type.INT, 4, Range.atLeast(1), Importance.LOW,
          "Adam steps per update (the update's groups split into this many mini-batches).")
      .define(LEARNER_CHECKPOINT, Type.STRING, "", Importance.MEDIUM,
          "Learner checkpoint (weights, Adam state, step), written atomically after each update; a start resumes "
              + "from it. Empty = learner-checkpoint.json in trainer.export.dir.")
      .define(LEARNER_INITIAL_WEIGHTS, Type.STRING, "", Importance.LOW,
          "Anchored (SFT) weights JSON used as the start and the KL reference when there is no checkpoint.");

  public TrainerConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  /** A copy of the definitions: the common keys and {@code trainer.*}. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public Path exportDir() {
    return Path.of(getString(EXPORT_DIR));
  }

  /** trainer.learner.checkpoint.path, or learner-checkpoint.json in the export folder (one learner per folder). */
  public Path learnerCheckpoint() {
    String configured = getString(LEARNER_CHECKPOINT);
    return configured == null || configured.isBlank() ? exportDir().resolve(CHECKPOINT_FILE) : Path.of(configured);
  }

  public CompressionCodecName parquetCompression() {
    return CompressionCodecName.valueOf(getString(EXPORT_PARQUET_COMPRESSION).toUpperCase(Locale.ROOT));
  }

  /** How partitions held by a schema registry outage back off. */
  public Backoff registryBackoff() {
    return RegistryOutage.backoff(getLong(REGISTRY_RETRY_BACKOFF_MS), getLong(REGISTRY_RETRY_BACKOFF_MAX_MS));
  }
}
