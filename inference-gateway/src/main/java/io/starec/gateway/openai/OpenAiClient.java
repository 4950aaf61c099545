package io.starec.gateway.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.models.Model;
import io.starec.avro.ChatMessage;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * An OpenAI-compatible Chat Completions client on the official SDK (OkHttp transport): vLLM's and SGLang's OpenAI
 * servers, TGI, Ollama, llama.cpp's server and hosted endpoints. The SDK's own retries are off (the gateway's
 * resilience is the only retry layer) and so are its telemetry headers; every call's timeout is the task
 * deadline or {@code callTimeoutMs}, whichever comes first. Without a key no Authorization header is sent.
 *
 * <p>{@link #verify} runs first (the gateway runs it at start): it lists the server's models, so a wrong URL, key
 * or model fails at start with a message that says which.
 */
public final class OpenAiClient implements AutoCloseable {

  private final OpenAIClient sdk;
  private final OpenAiSettings settings;
  private final Clock clock;
  private volatile String model;

  OpenAiClient(OpenAIClient sdk, OpenAiSettings settings, Clock clock) {
    this.sdk = sdk;
    this.settings = settings;
    this.clock = clock;
  }

  /** A client with its own connection pool; close it to release the pool. */
  public static OpenAiClient connect(OpenAiSettings s, ApiKey key) {
    OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder()
        .baseUrl(s.baseUrl())
        .maxRetries(0)
        .disableTelemetry(true)
        .timeout(Duration.ofMillis(s.callTimeoutMs()));
    if (key.present()) {
      b.apiKey(key.value());
    } else {
      b.apiKey("none").removeHeaders("Authorization"); // the SDK insists on a credential; key-less servers get none
    }
    if (s.caFile() != null) {
      PemTrust trust = PemTrust.of(s.caFile());
      b.sslSocketFactory(trust.socketFactory()).trustManager(trust.trustManager());
    }
    return new OpenAiClient(b.build(), s, Clock.systemUTC());
  }

  public OpenAiSettings settings() {
    return settings;
  }

  /** The verified model name; null before {@link #verify}. */
  public String model() {
    return model;
  }

  /**
   * Lists the server's models ({@code GET /models}) and settles the model name: the configured one when the
   * server lists it, or when the server lists a single model (llama.cpp and TGI serve theirs under any name);
   * with none configured, the only one listed.
   *
   * @return the model name requests will carry
   * @throws OpenAiSetupException naming what is wrong
   */
  public String verify(Duration timeout) {
    List<String> ids = new ArrayList<>();
    try {
      for (Model m : sdk.models().list(RequestOptions.builder().timeout(timeout(timeout.toMillis())).build()).data()) {
        ids.add(m.id());
      }
    } catch (RuntimeException e) {
      throw setupFailure(e, timeout);
    }
    String wanted = settings.model();
    String chosen;
    if (wanted.isEmpty()) {
      if (ids.size() != 1) {
        throw new OpenAiSetupException("set openai.model: " + settings.where() + " serves "
            + (ids.isEmpty() ? "no model" : ids));
      }
      chosen = ids.get(0);
    } else if (ids.contains(wanted) || ids.size() == 1) {
      chosen = wanted;
    } else {
      throw new OpenAiSetupException("model '" + wanted + "' (openai.model) is not served by " + settings.where()
          + "; it serves " + (ids.isEmpty() ? "no model" : ids));
    }
    model = chosen;
    return chosen;
  }

  private OpenAiSetupException setupFailure(RuntimeException e, Duration timeout) {
    BackendException b = OpenAiErrors.map(e, "GET " + settings.baseUrl() + "/models", true, Long.MAX_VALUE, clock);
    String why;
    if (e instanceof OpenAIServiceException s && s.statusCode() == 404) {
      why = "has no model list at " + settings.baseUrl() + "/models: is openai.base.url the API root (it usually "
          + "ends in /v1)?";
    } else {
      why = switch (b.kind()) {
        case DEADLINE_EXCEEDED -> "did not answer within " + timeout.toMillis() + " ms (openai.startup.timeout.ms)";
        case UNAVAILABLE -> "cannot be reached (is it running, is openai.base.url right?): " + b.getMessage();
        default -> "failed the start-up check: " + b.getMessage();
      };
    }
    return new OpenAiSetupException(settings.where() + " " + why);
  }

  /**
   * Sends one request; completes with its choices ordered by index, or exceptionally with a
   * {@link BackendException}.
   */
  public CompletableFuture<List<ChatChoice>> chat(ChatRequest request, long deadlineMs) {
    String m = model;
    if (m == null) {
      return CompletableFuture.failedFuture(new BackendException(ErrorKind.INTERNAL, "verify() was not called"));
    }
    long remaining = deadlineMs - clock.millis();
    if (remaining <= 0) {
      return CompletableFuture.failedFuture(new BackendException(ErrorKind.DEADLINE_EXCEEDED,
          "deadline passed before the call"));
    }
    boolean deadlineBound = remaining <= settings.callTimeoutMs();
    RequestOptions options = RequestOptions.builder()
        .timeout(timeout(Math.min(remaining, settings.callTimeoutMs()))).build();
    String where = "POST " + settings.baseUrl() + "/chat/completions (model " + m + ")";
    CompletableFuture<List<ChatChoice>> call;
    try {
      ChatCompletionCreateParams params = params(m, request);
      call = settings.stream() ? streamed(params, options) : whole(params, options);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<List<ChatChoice>> sdkCall = call;
    CompletableFuture<List<ChatChoice>> result = call.handle((choices, e) -> {
      if (e != null) {
        throw OpenAiErrors.map(e, where, deadlineBound, deadlineMs, clock);
      }
      return choices;
    });
    result.whenComplete((v, e) -> {
      if (e instanceof CancellationException) {
        sdkCall.cancel(true); // the SDK cancels the HTTP call with its future
      }
    });
    return result;
  }

  private ChatCompletionCreateParams params(String m, ChatRequest r) {
    ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(m)
        .temperature(r.temperature()).seed(r.seed());
    for (ChatMessage msg : r.messages()) {
      switch (msg.getRole()) {
        case "system" -> b.addSystemMessage(msg.getContent());
        case "user" -> b.addUserMessage(msg.getContent());
        case "assistant" -> b.addAssistantMessage(msg.getContent());
        default -> throw new BackendException(ErrorKind.INTERNAL, "prompt message with role '" + msg.getRole() + "'");
      }
    }
    if (r.n() > 1) {
      b.n(r.n());
    }
    if (settings.maxTokensField() == OpenAiSettings.MaxTokensField.MAX_COMPLETION_TOKENS) {
      b.maxCompletionTokens(r.maxTokens());
    } else {
      b.maxTokens(r.maxTokens());
    }
    if (settings.logprobs()) {
      b.logprobs(true);
    }
    return b.build();
  }

  private CompletableFuture<List<ChatChoice>> whole(ChatCompletionCreateParams params, RequestOptions options) {
    CompletableFuture<ChatCompletion> http = sdk.async().chat().completions().create(params, options);
    CompletableFuture<List<ChatChoice>> f = http.thenApply(OpenAiClient::choices);
    f.whenComplete((v, e) -> {
      if (e instanceof CancellationException) {
        http.cancel(true);
      }
    });
    return f;
  }

  static List<ChatChoice> choices(ChatCompletion c) {
    List<ChatChoice> out = new ArrayList<>();
    List<ChatCompletion.Choice> choices = c.choices();
    for (int i = 0; i < choices.size(); i++) {
      ChatCompletion.Choice ch = choices.get(i);
      String content = ch.message().content().orElse(ch.message().refusal().orElse(null));
      Double logprob = ch.logprobs().flatMap(ChatCompletion.Choice.Logprobs::content).map(OpenAiClient::sum)
          .orElse(null);
      out.add(ChatChoice.of(index(ch._index().asKnown(), i), ChatChoice.reasoning(ch.message()._additionalProperties()),
          content, logprob));
    }
    out.sort(Comparator.comparingInt(ChatChoice::index));
    return out;
  }

  private CompletableFuture<List<ChatChoice>> streamed(ChatCompletionCreateParams params, RequestOptions options) {
    AsyncStreamResponse<ChatCompletionChunk> stream = sdk.async().chat().completions().createStreaming(params, options);
    Chunks chunks = new Chunks();
    stream.subscribe(chunks::add);
    CompletableFuture<List<ChatChoice>> f = stream.onCompleteFuture().thenApply(v -> chunks.choices());
    f.whenComplete((v, e) -> {
      if (e != null) {
        stream.close(); // a cancelled or failed call releases its connection
      }
    });
    return f;
  }

  /** Joins streamed deltas per choice index: content, reasoning and log-probabilities. */
  private static final class Chunks {
    private final Map<Integer, StringBuilder[]> text = new TreeMap<>();
    private final Map<Integer, Double> logprobs = new TreeMap<>();

    synchronized void add(ChatCompletionChunk chunk) {
      List<ChatCompletionChunk.Choice> choices = chunk.choices();
      for (int i = 0; i < choices.size(); i++) {
        ChatCompletionChunk.Choice ch = choices.get(i);
        int idx = index(ch._index().asKnown(), i);
        StringBuilder[] t = text.computeIfAbsent(idx, k -> new StringBuilder[] {new StringBuilder(),
            new StringBuilder()});
        ChatCompletionChunk.Choice.Delta d = ch.delta();
        String reasoning = ChatChoice.reasoning(d._additionalProperties());
        if (reasoning != null) {
          t[0].append(reasoning);
        }
        d.content().ifPresent(t[1]::append);
        ch.logprobs().flatMap(ChatCompletionChunk.Choice.Logprobs::content).map(OpenAiClient::sum)
            .ifPresent(lp -> logprobs.merge(idx, lp, Double::sum));
      }
    }

    synchronized List<ChatChoice> choices() {
      List<ChatChoice> out = new ArrayList<>();
      text.forEach((idx, t) -> out.add(ChatChoice.of(idx, t[0].toString(), t[1].toString(), logprobs.get(idx))));
      return out;
    }
  }

  private static int index(Optional<Long> known, int position) {
    return known.map(Long::intValue).orElse(position);
  }

  private static double sum(List<ChatCompletionTokenLogprob> tokens) {
    double s = 0;
    for (ChatCompletionTokenLogprob t : tokens) {
      s += t.logprob();
    }
    return s;
  }

  private static Timeout timeout(long ms) {
    Duration d = Duration.ofMillis(Math.max(1, ms));
    return Timeout.builder().connect(d).read(d).write(d).request(d).build();
  }

  @Override
  public void close() {
    sdk.close();
  }
}
