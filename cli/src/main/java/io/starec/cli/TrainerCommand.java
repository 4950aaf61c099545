package io.starec.cli;

import io.starec.trainer.TrainerApp;
import io.starec.trainer.TrainerConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starec trainer}: consumes the training-rewards topic, assembles GRPO groups, writes the VeRL and
 * LLaMA-Factory exports, and (with --learner) runs the embedded GRPO learner that publishes PolicyUpdates.
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, subcommands = TrainerOfflineCommand.class,
    description = {"Turns reward records into VeRL and LLaMA-Factory training exports.",
        "Consumes starec.training.rewards into GRPO groups and writes the VeRL (Parquet or JSON Lines) and",
        "LLaMA-Factory (sharegpt) exports; offsets are committed only behind finished files.",
        "With --learner, trains the embedded policy by GRPO and publishes each version to starec.policy.updates.",
        "Settings: trainer.* keys (see TrainerConfig), e.g. -D trainer.group.timeout.ms=30000.",
        "'starec trainer offline' trains and evaluates the embedded policy on a dataset (no Kafka)."})
public final class TrainerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--export-dir", paramLabel = "DIR", description = "Export folder (trainer.export.dir).")
  String exportDir;

  @Option(names = "--format", paramLabel = "parquet|json", description = "VeRL format (trainer.export.format).")
  String format;

  @Option(names = "--learner", description = "Run the embedded GRPO learner (trainer.learner.enabled).")
  Boolean learner;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainerConfig cfg;
    try {
      Map<String, Object> extra = new LinkedHashMap<>();
      if (exportDir != null) {
        extra.put(TrainerConfig.EXPORT_DIR, exportDir);
      }
      if (format != null) {
        extra.put(TrainerConfig.EXPORT_FORMAT, format);
      }
      if (learner != null) {
        extra.put(TrainerConfig.LEARNER_ENABLED, learner.toString());
      }
      cfg = new TrainerConfig(config.load(TrainerConfig.configDef(), extra));
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    TrainerApp app = TrainerApp.start(cfg);
    out.println("trainer running: export " + app.store().root() + ", metrics http://"
        + cfg.getString("http.bind.address") + ":" + app.httpPort() + "/metrics");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        err.println("error while stopping: " + e);
      }
    }, "trainer-shutdown"));
    app.await();
    Throwable failure = app.service().failure();
    if (failure != null) {
      err.println("trainer failed: " + failure);
      return 1;
    }
    return 0;
  }
}
