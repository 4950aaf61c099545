package io.starec.gateway.service;

import io.starec.avro.TaskKind;
import io.starec.config.StarecConfig;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.prompt.PromptOptions;
import io.starec.gateway.embedded.ModelFiles;
import io.starec.gateway.openai.ApiKey;
import io.starec.gateway.openai.OpenAiSettings;
import io.starec.gateway.triton.ChatTemplate;
import io.starec.gateway.triton.TritonProfile;
import io.starec.gateway.triton.TritonSettings;
import io.starec.topics.PolicySignature;
import io.starec.workerkit.consumer.Backoff;
import io.starec.workerkit.consumer.RegistryOutage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** Typed configuration of {@code starec gateway}: the common keys ({@link StarecConfig}) plus these. */
public final class GatewayConfig extends AbstractConfig {

  public static final String BACKEND = "backend";
  public static final String GROUP_ID = "gateway.group.id";
  public static final String MAX_IN_FLIGHT = "max.in.flight";
  public static final String WORKER_THREADS = "worker.threads";
  public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
  public static final String SHUTDOWN_GRACE_MS = "shutdown.grace.ms";
  public static final String TASK_TIMEOUT_MS = "task.timeout.ms";
  public static final String MAX_PROMPT_TOKENS = "max.prompt.tokens";
  public static final String FUZZY_THRESHOLD = "parser.fuzzy.threshold";
  public static final String DESCRIPTION_MAX_CHARS = "description.max.chars";
  public static final String CHAT_TEMPLATE = "chat.template";
  public static final String CHAT_TEMPLATE_PREFIX = "chat.template.prefix";
  public static final String CHAT_TEMPLATE_MESSAGE = "chat.template.message";
  public static final String CHAT_TEMPLATE_SUFFIX = "chat.template.suffix";
  public static final String TRITON_URL = "triton.url";
  public static final String TRITON_MODEL = "triton.model";
  public static final String TRITON_MODEL_VERSION = "triton.model.version";
  public static final String TRITON_PROFILE = "triton.profile";
  public static final String TRITON_TLS_ENABLED = "triton.tls.enabled";
  public static final String TRITON_TLS_CA_FILE = "triton.tls.ca.file";
  public static final String TRITON_TLS_CERT_FILE = "triton.tls.cert.file";
  public static final String TRITON_TLS_KEY_FILE = "triton.tls.key.file";
  public static final String TRITON_TLS_AUTHORITY = "triton.tls.authority";
  public static final String TRITON_CALL_TIMEOUT_MS = "triton.call.timeout.ms";
  public static final String TRITON_STARTUP_TIMEOUT_MS = "triton.startup.timeout.ms";
  public static final String TRITON_STREAM = "triton.stream";
  public static final String TRITON_LOGPROBS = "triton.logprobs";
  public static final String TRITON_MAX_MESSAGE_BYTES = "triton.max.message.bytes";
  public static final String BACKEND_RANK = "backend.rank";
  public static final String BACKEND_REFLECT = "backend.reflect";
  public static final String OPENAI_BASE_URL = "openai.base.url";
  public static final String OPENAI_MODEL = "openai.model";
  public static final String OPENAI_API_KEY_FILE = "openai.api.key.file";
  public static final String OPENAI_API_KEY = "openai.api.key";
  public static final String OPENAI_RANK_BASE_URL = "openai.rank.base.url";
  public static final String OPENAI_RANK_MODEL = "openai.rank.model";
  public static final String OPENAI_RANK_API_KEY_FILE = "openai.rank.api.key.file";
  public static final String OPENAI_REFLECT_BASE_URL = "openai.reflect.base.url";
  public static final String OPENAI_REFLECT_MODEL = "openai.reflect.model";
  public static final String OPENAI_REFLECT_API_KEY_FILE = "openai.reflect.api.key.file";
  public static final String OPENAI_TLS_CA_FILE = "openai.tls.ca.file";
  public static final String OPENAI_CALL_TIMEOUT_MS = "openai.call.timeout.ms";
  public static final String OPENAI_STARTUP_TIMEOUT_MS = "openai.startup.timeout.ms";
  public static final String OPENAI_STREAM = "openai.stream";
  public static final String OPENAI_LOGPROBS = "openai.logprobs";
  public static final String OPENAI_MAX_TOKENS_FIELD = "openai.max.tokens.field";
  public static final String OPENAI_ROLLOUTS = "openai.rollouts";
  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_INITIAL_BACKOFF_MS = "retry.initial.backoff.ms";
  public static final String RETRY_MAX_BACKOFF_MS = "retry.max.backoff.ms";
  public static final String RETRY_MULTIPLIER = "retry.multiplier";
  public static final String RETRY_JITTER = "retry.jitter";
  public static final String BREAKER_FAILURE_RATE = "breaker.failure.rate.threshold";
  public static final String BREAKER_WINDOW = "breaker.sliding.window.size";
  public static final String BREAKER_MIN_CALLS = "breaker.minimum.calls";
  public static final String BREAKER_OPEN_MS = "breaker.open.ms";
  public static final String BREAKER_HALF_OPEN_CALLS = "breaker.half.open.calls";
  public static final String POLICY_NAME = "embedded.policy.name";
  public static final String POLICY_SIGNING_KEY_FILE = PolicySignature.KEY_FILE_CONFIG;
  public static final String POLICY_MAX_VERSION_JUMP = "policy.max.version.jump";
  public static final String TASK_MAX_DEADLINE_MS = "task.max.deadline.ms";
  public static final String REGISTRY_RETRY_BACKOFF_MS = RegistryOutage.BACKOFF_MS_CONFIG;
  public static final String REGISTRY_RETRY_BACKOFF_MAX_MS = RegistryOutage.BACKOFF_MAX_MS_CONFIG;
  public static final String EMBEDDED_CACHE_DIR = "embedded.cache.dir";
  public static final String EMBEDDED_MAX_TOKENS = "embedded.max.tokens";
  public static final String EMBEDDED_BATCH_SIZE = "embedded.batch.size";
  public static final String EMBEDDED_DETERMINISTIC = "embedded.deterministic";
  public static final String EMBEDDED_CACHE_ITEMS = "embedded.cache.items";
  public static final String EMBEDDED_WEIGHTS_FILE = "embedded.weights.file";

  private static final ConfigDef.Validator HTTP_URL = url(false);
  private static final ConfigDef.Validator OPTIONAL_HTTP_URL = url(true);
  private static final ConfigDef.Validator NOT_IN_CONFIG = ConfigDef.LambdaValidator.with((name, value) -> {
    if (value != null) {
      throw new ConfigException(name, value, "a key is never read from configuration: put it in a file named by "
          + OPENAI_API_KEY_FILE + ", or in the environment variable " + ApiKey.ENV);
    }
  }, () -> "unset");

  /** Next to the stream app's 8080, so both run on one host without settings. */
  public static final int DEFAULT_HTTP_PORT = 8081;
  /** The model folder of deploy/triton/model_repository. */
  private static final String DEFAULT_TRITON_MODEL = "starec-llm";

  private static final ConfigDef CONFIG = StarecConfig.configDef(DEFAULT_HTTP_PORT)
      .define(BACKEND, Type.STRING, "embedded", ValidString.in("embedded", "triton", "openai"), Importance.HIGH,
          "embedded = the CPU policy (MiniLM + learned scorer), triton = an LLM on Triton (KServe v2 gRPC), "
              + "openai = an LLM behind an OpenAI-compatible Chat Completions server (openai.*).")
      .define(BACKEND_RANK, Type.STRING, "", ValidString.in("", "embedded", "triton", "openai"), Importance.MEDIUM,
          "Backend of RANK tasks; empty = backend. The embedded policy takes both kinds or none.")
      .define(BACKEND_REFLECT, Type.STRING, "", ValidString.in("", "embedded", "triton", "openai"),
          Importance.MEDIUM, "Backend of REFLECT tasks (slow thinking, e.g. a larger model); empty = backend.")
      .define(GROUP_ID, Type.STRING, "starec-gateway", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
          "Consumer group of the gateway instances.")
      .define(MAX_IN_FLIGHT, Type.INT, 64, Range.between(1, 10_000), Importance.HIGH,
          "Tasks being processed at once; partitions are paused beyond it (an H200 wants ~50-100).")
      .define(WORKER_THREADS, Type.INT, 0, Range.atLeast(0), Importance.LOW,
          "Worker threads; 0 = max.in.flight for triton and openai, the CPU count for embedded.")
      .define(COMMIT_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
          "How often offsets behind finished tasks are committed.")
      .define(SHUTDOWN_GRACE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
          "How long a shutdown or a partition revocation waits for in-flight tasks.")
      .define(TASK_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM,
          "Deadline for tasks that carry none (deadlineMs <= 0).")
      .define(MAX_PROMPT_TOKENS, Type.INT, PromptOptions.DEFAULT_MAX_PROMPT_TOKENS, Range.atLeast(256),
          Importance.MEDIUM, "Prompt budget (approximate tokens); the history is cut to fit, newest kept.")
      .define(FUZZY_THRESHOLD, Type.DOUBLE, RankingParser.DEFAULT_FUZZY_THRESHOLD, Range.between(0.01, 1.0),
          Importance.LOW, "Minimum title similarity for a fuzzy match.")
      .define(DESCRIPTION_MAX_CHARS, Type.INT, ReflectionParser.DEFAULT_MAX_CHARS, Range.atLeast(16),
          Importance.LOW, "Cap on a parsed updated description.")
      .define(CHAT_TEMPLATE, Type.STRING, "chatml", ValidString.in("chatml", "llama3", "plain", "custom"),
          Importance.MEDIUM, "Chat template applied before text_input (chatml for Qwen2.5).")
      .define(CHAT_TEMPLATE_PREFIX, Type.STRING, "", Importance.LOW, "custom template: text before the messages.")
      .define(CHAT_TEMPLATE_MESSAGE, Type.STRING, "<|im_start|>{role}\\n{content}<|im_end|>\\n", Importance.LOW,
          "custom template: one message, with {role} and {content}; \\n is a newline.")
      .define(CHAT_TEMPLATE_SUFFIX, Type.STRING, "<|im_start|>assistant\\n", Importance.LOW,
          "custom template: text that opens the assistant turn.")
      .define(TRITON_URL, Type.STRING, "127.0.0.1:8001", new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Triton gRPC endpoint: host:port, grpc://host:port or grpcs://host:port (TLS).")
      .define(TRITON_MODEL, Type.STRING, DEFAULT_TRITON_MODEL, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Model name on Triton (the vLLM model, or the TensorRT-LLM ensemble); starec-llm is the model of "
              + "deploy/triton/model_repository.")
      .define(TRITON_MODEL_VERSION, Type.STRING, "", Importance.LOW, "Model version; empty = the server's choice.")
      .define(TRITON_PROFILE, Type.STRING, "vllm", ValidString.in("vllm", "trtllm"), Importance.HIGH,
          "Request layout: vllm (JSON sampling_parameters, shape [1]) or trtllm (typed tensors, shape [1,1]).")
      .define(TRITON_TLS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM, "Use TLS to Triton.")
      .define(TRITON_TLS_CA_FILE, Type.STRING, null, Importance.MEDIUM, "PEM trust roots; unset = the JVM's.")
      .define(TRITON_TLS_CERT_FILE, Type.STRING, null, Importance.LOW, "PEM client certificate chain (mTLS).")
      .define(TRITON_TLS_KEY_FILE, Type.STRING, null, Importance.LOW, "PEM PKCS#8 client key (mTLS).")
      .define(TRITON_TLS_AUTHORITY, Type.STRING, null, Importance.LOW, "TLS server name override.")
      .define(TRITON_CALL_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM,
          "Deadline of one Triton call (the task deadline wins when earlier).")
      .define(TRITON_STARTUP_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
          "Deadline of the start-up checks (ServerReady, ModelReady, ModelMetadata).")
      .define(TRITON_STREAM, Type.BOOLEAN, false, Importance.LOW, "Ask the model to stream tokens.")
      .define(TRITON_LOGPROBS, Type.BOOLEAN, true, Importance.LOW,
          "Ask for the cumulative log-probability when the model offers it.")
      .define(TRITON_MAX_MESSAGE_BYTES, Type.INT, 16 << 20, Range.atLeast(1 << 16), Importance.LOW,
          "Largest gRPC response accepted.")
      .define(OPENAI_BASE_URL, Type.STRING, "http://127.0.0.1:8000/v1", HTTP_URL, Importance.HIGH,
          "API root of the OpenAI-compatible server: vLLM http://host:8000/v1, SGLang http://host:30000/v1, "
              + "Ollama http://host:11434/v1, llama.cpp http://host:8080/v1, TGI http://host:port/v1, or a hosted "
              + "endpoint; https = TLS.")
      .define(OPENAI_MODEL, Type.STRING, "", Importance.HIGH,
          "Model name sent with each request (vLLM's --served-model-name, an Ollama tag); empty = the one "
              + "model the server lists.")
      .define(OPENAI_API_KEY_FILE, Type.STRING, "", Importance.HIGH,
          "File holding the API key; empty = the environment variable OPENAI_API_KEY; neither = no key "
              + "(key-less local servers).")
      .define(OPENAI_API_KEY, Type.PASSWORD, null, NOT_IN_CONFIG, Importance.LOW,
          "Refused: a key is never read from configuration; name a file in openai.api.key.file or set "
              + "OPENAI_API_KEY.")
      .define(OPENAI_RANK_BASE_URL, Type.STRING, "", OPTIONAL_HTTP_URL, Importance.LOW,
          "openai.base.url for RANK tasks; empty = openai.base.url.")
      .define(OPENAI_RANK_MODEL, Type.STRING, "", Importance.LOW, "openai.model for RANK tasks; empty = openai.model.")
      .define(OPENAI_RANK_API_KEY_FILE, Type.STRING, "", Importance.LOW,
          "openai.api.key.file for RANK tasks; empty = openai.api.key.file.")
      .define(OPENAI_REFLECT_BASE_URL, Type.STRING, "", OPTIONAL_HTTP_URL, Importance.MEDIUM,
          "openai.base.url for REFLECT tasks (e.g. a larger model's server); empty = openai.base.url.")
      .define(OPENAI_REFLECT_MODEL, Type.STRING, "", Importance.MEDIUM,
          "openai.model for REFLECT tasks; empty = openai.model.")
      .define(OPENAI_REFLECT_API_KEY_FILE, Type.STRING, "", Importance.LOW,
          "openai.api.key.file for REFLECT tasks; empty = openai.api.key.file.")
      .define(OPENAI_TLS_CA_FILE, Type.STRING, "", Importance.MEDIUM,
          "PEM certificates to trust instead of the JVM's (a self-signed server or a private CA).")
      .define(OPENAI_CALL_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM,
          "Deadline of one HTTP call (the task deadline wins when earlier); a timeout with time left is retried.")
      .define(OPENAI_STARTUP_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
          "Deadline of the start-up check (GET /models: reachable, key accepted, model served).")
      .define(OPENAI_STREAM, Type.BOOLEAN, false, Importance.LOW,
          "Stream the answer as server-sent events (keeps long generations alive through proxies that cut "
              + "idle connections); the chunks are joined either way.")
      .define(OPENAI_LOGPROBS, Type.BOOLEAN, true, Importance.LOW,
          "Ask for token log-probabilities and report their sum; false for servers that refuse logprobs "
              + "(some hosted reasoning models).")
      .define(OPENAI_MAX_TOKENS_FIELD, Type.STRING, "max_tokens",
          ValidString.in("max_tokens", "max_completion_tokens"), Importance.LOW,
          "Request field of the token limit: max_tokens (vLLM, SGLang, TGI, Ollama, llama.cpp) or "
              + "max_completion_tokens (OpenAI; its reasoning models refuse max_tokens).")
      .define(OPENAI_ROLLOUTS, Type.STRING, "auto", ValidString.in("auto", "separate"), Importance.LOW,
          "n rollouts: auto = one request with n choices, and one request per rollout from then on if the "
              + "server refuses n > 1 (llama.cpp) or ignores it (Ollama); separate = always one request per rollout.")
      .define(RETRY_MAX_ATTEMPTS, Type.INT, 3, Range.between(1, 20), Importance.MEDIUM,
          "Attempts per task on UNAVAILABLE / RESOURCE_EXHAUSTED.")
      .define(RETRY_INITIAL_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(1), Importance.LOW, "First retry backoff.")
      .define(RETRY_MAX_BACKOFF_MS, Type.LONG, 5000L, Range.atLeast(1), Importance.LOW, "Largest retry backoff.")
      .define(RETRY_MULTIPLIER, Type.DOUBLE, 2.0, Range.atLeast(1.0), Importance.LOW, "Backoff growth per attempt.")
      .define(RETRY_JITTER, Type.DOUBLE, 0.5, Range.between(0.0, 0.99), Importance.LOW,
          "Randomisation factor of each backoff (0.5 = +-50%).")
      .define(BREAKER_FAILURE_RATE, Type.INT, 50, Range.between(1, 100), Importance.MEDIUM,
          "Failure percentage that opens the circuit.")
      .define(BREAKER_WINDOW, Type.INT, 20, Range.atLeast(1), Importance.LOW, "Calls in the breaker's window.")
      .define(BREAKER_MIN_CALLS, Type.INT, 10, Range.atLeast(1), Importance.LOW,
          "Calls needed before the breaker judges.")
      .define(BREAKER_OPEN_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
          "How long the circuit stays open before trial calls.")
      .define(BREAKER_HALF_OPEN_CALLS, Type.INT, 3, Range.atLeast(1), Importance.LOW,
          "Trial calls in the half-open state.")
      .define(POLICY_NAME, Type.STRING, "embedded", Importance.MEDIUM,
          "policyName (key) on the policy-updates topic that the embedded policy follows.")
      .define(POLICY_SIGNING_KEY_FILE, Type.STRING, "", Importance.HIGH, PolicySignature.KEY_FILE_DOC)
      .define(POLICY_MAX_VERSION_JUMP, Type.LONG, 1000L, Range.atLeast(1), Importance.MEDIUM,
          "A policy update more than this many versions above the running one is refused and counted, so a forged "
              + "huge version (Long.MAX_VALUE) neither applies nor turns later genuine updates stale. With a signing "
              + "key the first verified update sets the start (a fresh gateway catching up on a long-lived topic); "
              + "without one the bound counts from the version the gateway started with.")
      .define(TASK_MAX_DEADLINE_MS, Type.LONG, 600_000L, Range.between(1, 86_400_000L), Importance.MEDIUM,
          "Latest deadline a task may have, counted from when the gateway takes it: a deadlineMs further ahead "
              + "is cut to this, so no task holds a slot or retries indefinitely.")
      .define(REGISTRY_RETRY_BACKOFF_MS, Type.LONG, RegistryOutage.DEFAULT_BACKOFF_MS, Range.atLeast(1),
          Importance.LOW, RegistryOutage.BACKOFF_MS_DOC)
      .define(REGISTRY_RETRY_BACKOFF_MAX_MS, Type.LONG, RegistryOutage.DEFAULT_BACKOFF_MAX_MS, Range.atLeast(1),
          Importance.LOW, RegistryOutage.BACKOFF_MAX_MS_DOC)
      .define(EMBEDDED_CACHE_DIR, Type.STRING, "", Importance.LOW,
          "Where the ONNX model is copied; empty = $STAREC_CACHE_DIR or ~/.cache/starec.")
      .define(EMBEDDED_MAX_TOKENS, Type.INT, 256, Range.between(8, 512), Importance.LOW,
          "Token truncation of embedded texts.")
      .define(EMBEDDED_BATCH_SIZE, Type.INT, 32, Range.atLeast(1), Importance.LOW,
          "ONNX batch size when embedded.deterministic=false.")
      .define(EMBEDDED_DETERMINISTIC, Type.BOOLEAN, true, Importance.MEDIUM,
          "Embed one text per ONNX run so a text's vector never depends on its batch: the quantised model "
              + "quantises activations per batch (cosine ~0.993 between batchings). false = batches of "
              + "embedded.batch.size, ~4x faster cold embedding, rankings may differ slightly between runs.")
      .define(EMBEDDED_CACHE_ITEMS, Type.INT, 50_000, Range.atLeast(0), Importance.LOW,
          "Cached text embeddings (items repeat across tasks).")
      .define(EMBEDDED_WEIGHTS_FILE, Type.STRING, "", Importance.LOW,
          "Initial scorer weights (linear-scorer-v1 JSON); empty = the hand-set defaults.");

  public GatewayConfig(Map<?, ?> originals) {
    super(CONFIG, originals);
  }

  /** A copy of the definitions: the common keys and the gateway's. */
  public static ConfigDef configDef() {
    return new ConfigDef(CONFIG);
  }

  public boolean tritonBackend() {
    return "triton".equals(getString(BACKEND));
  }

  /** The backend of a task kind: backend.rank / backend.reflect, else backend. */
  public String backendFor(TaskKind kind) {
    String v = getString(kind == TaskKind.REFLECT ? BACKEND_REFLECT : BACKEND_RANK);
    return v == null || v.isEmpty() ? getString(BACKEND) : v;
  }

  /** Whether a task kind goes to a model server (Triton, OpenAI-compatible): its worker waits on I/O. */
  private boolean remoteBackend() {
    return !"embedded".equals(backendFor(TaskKind.RANK)) || !"embedded".equals(backendFor(TaskKind.REFLECT));
  }

  public int maxInFlight() {
    return getInt(MAX_IN_FLIGHT);
  }

  public int workerThreads() {
    int n = getInt(WORKER_THREADS);
    if (n > 0) {
      return n;
    }
    return remoteBackend() ? maxInFlight() : Math.min(maxInFlight(), Runtime.getRuntime().availableProcessors());
  }

  public PromptOptions promptOptions() {
    return PromptOptions.defaults().withMaxPromptTokens(getInt(MAX_PROMPT_TOKENS));
  }

  public ChatTemplate chatTemplate() {
    String name = getString(CHAT_TEMPLATE);
    if ("custom".equals(name)) {
      return ChatTemplate.custom(getString(CHAT_TEMPLATE_PREFIX), getString(CHAT_TEMPLATE_MESSAGE),
          getString(CHAT_TEMPLATE_SUFFIX));
    }
    return ChatTemplate.named(name);
  }

  public TritonSettings tritonSettings() {
    return new TritonSettings(getString(TRITON_URL), getString(TRITON_MODEL), getString(TRITON_MODEL_VERSION),
        TritonProfile.of(getString(TRITON_PROFILE)), getBoolean(TRITON_TLS_ENABLED), path(TRITON_TLS_CA_FILE),
        path(TRITON_TLS_CERT_FILE), path(TRITON_TLS_KEY_FILE), getString(TRITON_TLS_AUTHORITY),
        getLong(TRITON_CALL_TIMEOUT_MS), getBoolean(TRITON_STREAM), getBoolean(TRITON_LOGPROBS),
        getInt(TRITON_MAX_MESSAGE_BYTES));
  }

  /** How partitions held by a schema registry outage back off. */
  public Backoff registryBackoff() {
    return RegistryOutage.backoff(getLong(REGISTRY_RETRY_BACKOFF_MS), getLong(REGISTRY_RETRY_BACKOFF_MAX_MS));
  }

  public Duration tritonStartupTimeout() {
    return Duration.ofMillis(getLong(TRITON_STARTUP_TIMEOUT_MS));
  }

  /** The OpenAI-compatible server of a task kind: its openai.rank.* / openai.reflect.* keys over openai.*. */
  public OpenAiSettings openAiSettings(TaskKind kind) {
    boolean reflect = kind == TaskKind.REFLECT;
    return new OpenAiSettings(
        either(reflect ? OPENAI_REFLECT_BASE_URL : OPENAI_RANK_BASE_URL, OPENAI_BASE_URL),
        either(reflect ? OPENAI_REFLECT_MODEL : OPENAI_RANK_MODEL, OPENAI_MODEL),
        pathOf(either(reflect ? OPENAI_REFLECT_API_KEY_FILE : OPENAI_RANK_API_KEY_FILE, OPENAI_API_KEY_FILE)),
        path(OPENAI_TLS_CA_FILE), getLong(OPENAI_CALL_TIMEOUT_MS), getBoolean(OPENAI_STREAM),
        getBoolean(OPENAI_LOGPROBS), OpenAiSettings.MaxTokensField.of(getString(OPENAI_MAX_TOKENS_FIELD)),
        OpenAiSettings.Rollouts.of(getString(OPENAI_ROLLOUTS)), "");
  }

  public Duration openAiStartupTimeout() {
    return Duration.ofMillis(getLong(OPENAI_STARTUP_TIMEOUT_MS));
  }

  public Path embeddedCacheDir() {
    String d = getString(EMBEDDED_CACHE_DIR);
    return d == null || d.isBlank() ? ModelFiles.defaultCacheDir() : Path.of(d);
  }

  private Path path(String key) {
    return pathOf(getString(key));
  }

  private static Path pathOf(String v) {
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  /** {@code key}'s value, or {@code fallback}'s when it is empty. */
  private String either(String key, String fallback) {
    String v = getString(key);
    return v == null || v.isBlank() ? getString(fallback) : v;
  }

  /** http(s)://host... ; empty too when {@code optional}. */
  private static ConfigDef.Validator url(boolean optional) {
    return ConfigDef.LambdaValidator.with((name, value) -> {
      String v = value == null ? "" : value.toString().trim();
      if (optional && v.isEmpty()) {
        return;
      }
      try {
        URI u = new URI(v);
        if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
          return;
        }
      } catch (URISyntaxException e) {
        // the message below says what is expected
      }
      throw new ConfigException(name, value, "expected an http:// or https:// URL such as http://127.0.0.1:8000/v1");
    }, () -> (optional ? "empty or " : "") + "http(s)://host[:port]/path");
  }
}
