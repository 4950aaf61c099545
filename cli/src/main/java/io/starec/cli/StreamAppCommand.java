package io.starec.cli;

import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamAppConfig;
import java.io.PrintWriter;
import java.time.Duration;
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
 * {@code starec stream-app}: the Kafka Streams service (memory, ranking tasks, results, deadlines, behaviour
 * analysis, rewards) with its HTTP endpoints: /users/{id}/memory, /health, /metrics.
 */
@Command(name = "stream-app", mixinStandardHelpOptions = true,
    description = {"Runs the STARec stream app (Kafka Streams, exactly-once).",
        "Ingests interactions into user memory and item statistics, turns ranking requests into inference tasks,",
        "applies the gateway's results, answers missed deadlines with a degraded popularity ranking, asks for",
        "reflections on contradicted predictions and emits reward records.",
        "HTTP (127.0.0.1:8080 by default): GET /users/{id}/memory, /health, /metrics.",
        "Settings: see StreamAppConfig (e.g. -D explore.fraction=0.1, -D domain=music); any streams.* key goes",
        "to Kafka Streams unchanged (e.g. -D streams.num.stream.threads=2)."})
public final class StreamAppCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id "
      + "(application.id; default starec-stream-app).")
  String applicationId;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (http.port; 0 = any free port).")
  Integer httpPort;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "State store directory (state.dir).")
  String stateDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StreamAppConfig cfg;
    try {
      Map<String, Object> extra = new LinkedHashMap<>();
      if (applicationId != null) {
        extra.put(StreamAppConfig.APPLICATION_ID, applicationId);
      }
      if (httpPort != null) {
        extra.put("http.port", httpPort.toString());
      }
      if (stateDir != null) {
        extra.put(StreamAppConfig.STATE_DIR, stateDir);
      }
      cfg = new StreamAppConfig(config.load(StreamAppConfig.configDef(), extra));
      cfg.appSettings(); // cross-key checks fail here, before anything starts
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    StreamApp app = StreamApp.start(cfg);
    out.println("stream app " + cfg.getString(StreamAppConfig.APPLICATION_ID) + " running: http://"
        + cfg.getString("http.bind.address") + ":" + app.httpPort() + "/health");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close(Duration.ofSeconds(30)),
        "stream-app-shutdown"));
    app.awaitTermination();
    return 0;
  }
}
