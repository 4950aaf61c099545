package io.starec.core.policy.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.core.policy.Feature;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What the learner needs to resume: the current and reference weights (by feature key, so a checkpoint
 * survives a reordering of features), the Adam moments and step count, the GRPO step and the last published
 * policy version. Written atomically (temp file, fsync, rename).
 */
public record LearnerCheckpoint(long step, long version, double[] weights, double[] reference, double lr,
                                double[] adamM, double[] adamV, long adamT) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static LearnerCheckpoint of(GrpoTrainer trainer, long version) {
    Adam a = trainer.adam();
    return new LearnerCheckpoint(trainer.step(), version, trainer.weights(), trainer.reference(), a.lr(), a.m(),
        a.v(), a.t());
  }

  public Adam adam() {
    return new Adam(lr, adamM, adamV, adamT);
  }

  public void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "starec-learner-checkpoint-v1");
    root.put("step", step);
    root.put("version", version);
    root.set("weights", byFeature(weights));
    root.set("reference", byFeature(reference));
    ObjectNode adam = root.putObject("adam");
    adam.put("lr", lr);
    adam.put("t", adamT);
    adam.set("m", byFeature(adamM));
    adam.set("v", byFeature(adamV));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write(JSON.writeValueAsBytes(root));
      out.flush();
      out.getChannel().force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Optional<LearnerCheckpoint> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode adam = root.path("adam");
    return Optional.of(new LearnerCheckpoint(root.path("step").asLong(), root.path("version").asLong(),
        fromFeatures(root.path("weights")), fromFeatures(root.path("reference")), adam.path("lr").asDouble(),
        fromFeatures(adam.path("m")), fromFeatures(adam.path("v")), adam.path("t").asLong()));
  }

  static ObjectNode byFeature(double[] values) {
    ObjectNode n = JSON.createObjectNode();
    for (Feature f : Feature.values()) {
      n.put(f.key(), values[f.ordinal()]);
    }
    return n;
  }

  static double[] fromFeatures(JsonNode n) {
    double[] out = new double[Feature.count()];
    for (Feature f : Feature.values()) {
      out[f.ordinal()] = n.path(f.key()).asDouble(0.0);
    }
    return out;
  }
}
