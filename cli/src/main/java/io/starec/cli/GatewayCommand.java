package io.starec.cli;

import io.starec.gateway.service.GatewayConfig;
import io.starec.gateway.service.GatewayService;
import io.starec.gateway.triton.TritonSetupException;
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

/** {@code starec gateway}: the inference gateway (embedded CPU policy or an LLM on Triton). */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"Runs the inference gateway (the embedded CPU policy, or an LLM on Triton).",
        "Consumes inference tasks, renders the paper's prompts, asks the backend (the embedded CPU policy, or an LLM",
        "on Triton over KServe v2 gRPC), parses the answers into full rankings / updated descriptions and produces",
        "inference results; failures become error results.",
        "HTTP (127.0.0.1:8081 by default): GET /health, /metrics.",
        "Settings: see GatewayConfig, e.g. -D triton.tls.enabled=true -D chat.template=llama3 -D retry.max.attempts=5.",
        "Exit code: 0 stopped, 1 the loop failed, 2 bad configuration or an unusable Triton model."})
public final class GatewayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--backend", paramLabel = "embedded|triton|openai", description = "Backend (backend; default embedded).")
  String backend;

  @Option(names = "--triton-url", paramLabel = "URL",
      description = "Triton gRPC endpoint (triton.url), host:port or grpcs://host:port.")
  String tritonUrl;

  @Option(names = "--triton-model", paramLabel = "NAME", description = "Model name on Triton (triton.model).")
  String tritonModel;

  @Option(names = "--triton-profile", paramLabel = "vllm|trtllm", description = "Request layout (triton.profile).")
  String tritonProfile;

  @Option(names = "--max-in-flight", paramLabel = "N", description = "Tasks processed at once (max.in.flight).")
  Integer maxInFlight;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (http.port; 0 = any free port).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GatewayConfig cfg;
    GatewayService service;
    try {
      Map<String, Object> extra = new LinkedHashMap<>();
      put(extra, GatewayConfig.BACKEND, backend);
      put(extra, GatewayConfig.TRITON_URL, tritonUrl);
      put(extra, GatewayConfig.TRITON_MODEL, tritonModel);
      put(extra, GatewayConfig.TRITON_PROFILE, tritonProfile);
      put(extra, GatewayConfig.MAX_IN_FLIGHT, maxInFlight);
      put(extra, "http.port", httpPort);
      cfg = new GatewayConfig(config.load(GatewayConfig.configDef(), extra));
      cfg.tritonSettings();
      cfg.chatTemplate();
      service = GatewayService.create(cfg);
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (TritonSetupException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    service.start();
    out.println("gateway running (" + service.backend().name() + ", " + service.backend().modelVersion()
        + "): http://" + cfg.getString("http.bind.address") + ":" + service.httpPort() + "/health");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "gateway-shutdown"));
    service.awaitTermination();
    if (service.failure() != null) {
      err.println("error: the gateway loop failed: " + service.failure());
      service.close();
      return 1;
    }
    return 0;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }
}
