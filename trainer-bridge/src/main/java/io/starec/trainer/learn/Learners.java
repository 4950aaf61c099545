package io.starec.trainer.learn;

import io.starec.avro.PolicyUpdate;
import io.starec.config.StarecConfig;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.learn.Adam;
import io.starec.core.policy.learn.GrpoTrainer;
import io.starec.core.policy.learn.LearnerCheckpoint;
import io.starec.topics.PolicySignature;
import io.starec.topics.Topic;
import io.starec.trainer.Counters;
import io.starec.trainer.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the configured embedded learner: resumes from its checkpoint, or starts from the anchored weights. */
public final class Learners {

  private static final Logger LOG = LoggerFactory.getLogger(Learners.class);

  private Learners() {}

  public static EmbeddedLearner create(TrainerConfig cfg, Counters counters) {
    try {
      Properties p = StarecConfig.producerProperties(cfg);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      Topic<String, PolicyUpdate> updates = StarecConfig.topics(cfg).policyUpdates();
      KafkaPolicyPublisher publisher = new KafkaPolicyPublisher(new KafkaProducer<>(p,
          updates.keySerde().serializer(), updates.valueSerde(StarecConfig.serdeConfig(cfg)).serializer()),
          updates.name(), PolicySignature.resolve(cfg.getString(TrainerConfig.POLICY_SIGNING_KEY_FILE),
              System.getenv()));
      EmbeddedLearner learner = create(cfg, counters, publisher);
      learner.republish(System.currentTimeMillis());
      return learner;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded learner: " + e.getMessage(), e);
    }
  }

  public static EmbeddedLearner create(TrainerConfig cfg, Counters counters, PolicyPublisher publisher)
      throws IOException {
    Path checkpoint = cfg.learnerCheckpoint().toAbsolutePath();
    GrpoTrainer.Config gc = new GrpoTrainer.Config(8, cfg.getDouble(TrainerConfig.LEARNER_TEMPERATURE),
        cfg.getInt(TrainerConfig.LEARNER_MINI_BATCHES), 1, cfg.getDouble(TrainerConfig.LEARNER_CLIP_EPSILON),
        cfg.getDouble(TrainerConfig.LEARNER_KL_BETA));
    var saved = LearnerCheckpoint.read(checkpoint);
    GrpoTrainer trainer;
    long version;
    if (saved.isPresent()) {
      LearnerCheckpoint c = saved.get();
      trainer = new GrpoTrainer(gc, c.weights(), c.reference(), c.adam(), c.step());
      version = c.version();
      // loud: a checkpoint left in the folder by an earlier run silently decides what this run publishes
      LOG.warn("embedded learner RESUMES policy version {} (step {}) from the checkpoint {}; to start from the "
          + "anchored weights, delete it or set {} (or {}) elsewhere", version, c.step(), checkpoint,
          TrainerConfig.EXPORT_DIR, TrainerConfig.LEARNER_CHECKPOINT);
    } else {
      String initial = cfg.getString(TrainerConfig.LEARNER_INITIAL_WEIGHTS);
      double[] anchored = anchoredWeights(initial);
      trainer = new GrpoTrainer(gc, anchored, anchored, new Adam(cfg.getDouble(TrainerConfig.LEARNER_LEARNING_RATE),
          anchored.length), 0);
      version = 0;
      LOG.info("embedded learner starts at version 0 from {}; checkpoints go to {}",
          initial == null || initial.isBlank() ? "the default weights" : initial, checkpoint);
    }
    return new EmbeddedLearner(trainer, version, publisher, checkpoint,
        cfg.getString(TrainerConfig.LEARNER_POLICY_NAME), cfg.getInt(TrainerConfig.LEARNER_GROUPS_PER_UPDATE),
        counters);
  }

  /** Weights of a {@value LinearScorer#KIND} JSON file, or the hand-set defaults when the path is empty. */
  static double[] anchoredWeights(String path) {
    if (path == null || path.isBlank()) {
      return LinearScorer.defaults().weights();
    }
    try {
      return LinearScorer.fromJson(Files.readAllBytes(Path.of(path)), 0).weights();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read anchored weights " + path, e);
    }
  }
}
