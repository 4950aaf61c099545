package io.starec.cli;

import io.starec.core.policy.TextEmbedder;
import io.starec.gateway.embedded.ModelFiles;
import io.starec.gateway.embedded.OnnxMiniLmEmbedder;
import io.starec.research.learn.HashingTextEmbedder;
import io.starec.research.learn.OfflineTraining;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starec trainer offline}: evidence that the embedded learner learns ({@link OfflineTraining} does the work;
 * this command parses the options and picks the text embedder, the gateway's MiniLM by default).
 */
@Command(name = "offline", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains and evaluates the embedded policy offline (SFT anchoring, then GRPO; no Kafka).",
        "Trains on the training users and evaluates untrained / anchored / GRPO on the disjoint test users; writes",
        "results.md/json, learning-curve.png, learning.json and the anchored and GRPO weights (usable as",
        "trainer.learner.initial.weights)."})
public final class TrainerOfflineCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "ml-1m", paramLabel = "NAME",
      description = "Dataset: ml-1m, ml-100k, cds... (default ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Folder with the dataset files.")
  Path dataDir;

  @Option(names = "--users", defaultValue = "1000", paramLabel = "N", description = "Test users (default ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--train-users", defaultValue = "1000", paramLabel = "N",
      description = "Training users, disjoint from the test users (default ${DEFAULT-VALUE}).")
  int trainUsers;

  @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", paramLabel = "S,S,...",
      description = "Evaluation seeds (negatives) (default ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--updates", defaultValue = "200", paramLabel = "N", description = "GRPO updates (default ${DEFAULT-VALUE}).")
  int updates;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
      description = "Prompts (contexts) per GRPO update, G = 8 rollouts each (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "0.01", paramLabel = "X", description = "GRPO Adam learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--kl-beta", defaultValue = "0.001", paramLabel = "X", description = "KL coefficient (default ${DEFAULT-VALUE}).")
  double klBeta;

  @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
      description = "Plackett-Luce sampling temperature of the GRPO rollouts (default ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--train-draws", defaultValue = "4", paramLabel = "N",
      description = "Negative draws per training user (contexts = train users x draws) (default ${DEFAULT-VALUE}).")
  int trainDraws;

  @Option(names = "--eval-every", defaultValue = "10", paramLabel = "N",
      description = "Learning-curve point every N updates (default ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(names = "--embedder", defaultValue = "onnx", paramLabel = "onnx|hashing",
      description = "Text embedder: the gateway's MiniLM (onnx) or a hashing stand-in (default ${DEFAULT-VALUE}).")
  String embedder;

  @Option(names = "--baselines", split = ",", paramLabel = "M,M,...", defaultValue = "pop",
      description = "Baselines evaluated alongside (default ${DEFAULT-VALUE}; empty string for none).")
  List<String> baselines;

  @Option(names = "--out", defaultValue = "eval-results/embedded-learning", paramLabel = "DIR",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    TextEmbedder text = createEmbedder();
    try {
      OfflineTraining.run(new OfflineTraining.Settings(dataset, dataDir, users, trainUsers, seeds, updates, batch, lr,
          klBeta, temperature, trainDraws, evalEvery, baselines, out), text, spec.commandLine().getOut());
      return 0;
    } finally {
      if (text instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private TextEmbedder createEmbedder() {
    return switch (embedder.toLowerCase(Locale.ROOT)) {
      case "onnx" -> OnnxMiniLmEmbedder.create(ModelFiles.defaultCacheDir(), 256, 32);
      case "hashing" -> new HashingTextEmbedder(256);
      default -> throw new IllegalArgumentException("--embedder must be onnx or hashing");
    };
  }
}
