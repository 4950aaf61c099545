package io.starec.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * An in-process HTTP server that follows the public OpenAI API where the gateway uses it: {@code GET /v1/models}
 * and {@code POST /v1/chat/completions}, answered as one JSON body or, for {@code "stream": true}, as server-sent
 * events ({@code data:} chunks, then {@code data: [DONE]}), with {@code n} choices, token log-probabilities when
 * asked, a reasoning model's {@code reasoning_content}, and the {@code {"error": {...}}} error shape (401 for a
 * wrong key, 404 for an unknown model). Each test scripts the answers with {@link #script}.
 */
public final class FakeOpenAi implements AutoCloseable {

  /** Each answered piece carries this log-probability (three pieces per non-empty content). */
  public static final double PIECE_LOGPROB = -0.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the server answers one chat completions request. */
  public interface Script {
    void answer(Call call) throws Exception;
  }

  /** One choice: the reasoning (a separate field, as vLLM's reasoning parsers send it), or null, and the content. */
  public record Answer(String reasoning, String content) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-openai");
    t.setDaemon(true);
    return t;
  });
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile List<String> models = List.of("fake-model");
  private volatile String requiredKey;
  private volatile Script script = answering(call -> "1. Heat - ok");

  /** A plain-HTTP server on a free loopback port. */
  public FakeOpenAi() throws IOException {
    this(null);
  }

  /** An HTTPS server with {@code tls}'s certificate, or plain HTTP when null. */
  public FakeOpenAi(SSLContext tls) throws IOException {
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(at, 0);
    } else {
      HttpsServer https = HttpsServer.create(at, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(pool);
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  /** The API root, e.g. http://127.0.0.1:PORT/v1. */
  public String baseUrl() {
    return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort()
        + "/v1";
  }

  public FakeOpenAi script(Script s) {
    this.script = s;
    return this;
  }

  /** The models GET /v1/models lists and chat completions accept. */
  public FakeOpenAi models(String... ids) {
    this.models = List.of(ids);
    return this;
  }

  /** Requests without {@code Authorization: Bearer key} are answered 401. */
  public FakeOpenAi requireKey(String key) {
    this.requiredKey = key;
    return this;
  }

  /** The chat completions request bodies received, in order. */
  public List<JsonNode> received() {
    return received;
  }

  /** The Authorization header of every request, "" when there was none. */
  public List<String> authorizations() {
    return authorizations;
  }

  // ---------------------------------------------------------------- scripts

  /** A model that answers every one of the n choices with {@code content(call, choiceIndex)}. */
  public static Script answering(BiFunction<Call, Integer, String> content) {
    return call -> {
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < call.n(); i++) {
        answers.add(new Answer(null, content.apply(call, i)));
      }
      call.choices(answers);
    };
  }

  public static Script answering(Function<Call, String> content) {
    return answering((call, i) -> content.apply(call));
  }

  /** A reasoning model served with a reasoning parser: the chain of thought in reasoning_content. */
  public static Script reasoning(String thought, Function<Call, String> content) {
    return call -> {
      List<Answer> answers = new ArrayList<>();
      for (int i = 0; i < call.n(); i++) {
        answers.add(new Answer(thought, content.apply(call)));
      }
      call.choices(answers);
    };
  }

  /** A server that ignores n and always answers one choice (Ollama). */
  public static Script ignoringN(Function<Call, String> content) {
    return call -> call.choices(List.of(new Answer(null, content.apply(call))));
  }

  /** A server that refuses n > 1 with a 400 (llama.cpp's server). */
  public static Script refusingN(Function<Call, String> content) {
    return call -> {
      if (call.n() > 1) {
        call.error(400, "invalid_request_error", "Only one completion choice is allowed", Map.of());
      } else {
        call.choices(List.of(new Answer(null, content.apply(call))));
      }
    };
  }

  /** An error in the OpenAI shape, e.g. 429 with a Retry-After header, or 503. */
  public static Script failing(int status, String message, Map<String, String> headers) {
    return call -> call.error(status, status == 429 ? "rate_limit_error" : "server_error", message, headers);
  }

  /** A server that answers only after {@code ms} (the client has given up by then). */
  public static Script hanging(long ms) {
    return call -> {
      Thread.sleep(ms);
      call.choices(List.of(new Answer(null, "too late")));
    };
  }

  // ---------------------------------------------------------------- handlers

  private boolean authorized(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    String key = requiredKey;
    if (key != null && !("Bearer " + key).equals(auth)) {
      new Call(ex, JSON.createObjectNode()).error(401, "invalid_request_error",
          "Incorrect API key provided. You can find your API key at https://platform.example/account/api-keys.",
          Map.of());
      return false;
    }
    return true;
  }

  private void models(HttpExchange ex) throws IOException {
    try (ex) {
      if (!authorized(ex)) {
        return;
      }
      ObjectNode list = JSON.createObjectNode().put("object", "list");
      ArrayNode data = list.putArray("data");
      for (String m : models) {
        data.addObject().put("id", m).put("object", "model").put("created", 1_700_000_000L).put("owned_by", "fake");
      }
      new Call(ex, list).send(200, Map.of(), "application/json", JSON.writeValueAsString(list));
    }
  }

  private void chat(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode body = JSON.readTree(ex.getRequestBody());
      if (!authorized(ex)) {
        return;
      }
      received.add(body);
      Call call = new Call(ex, body);
      String model = body.path("model").asText();
      if (!models.contains(model)) {
        call.error(404, "invalid_request_error", "The model `" + model + "` does not exist.", Map.of());
        return;
      }
      try {
        script.answer(call);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the server is closing
      } catch (IOException e) {
        // the client hung up
      } catch (Exception e) {
        call.error(500, "server_error", e.toString(), Map.of());
      }
    }
  }

  /** One request and the means to answer it. */
  public final class Call {
    private final HttpExchange ex;
    private final JsonNode body;

    Call(HttpExchange ex, JsonNode body) {
      this.ex = ex;
      this.body = body;
    }

    public int n() {
      return body.path("n").asInt(1);
    }

    public boolean stream() {
      return body.path("stream").asBoolean(false);
    }

    public boolean logprobs() {
      return body.path("logprobs").asBoolean(false);
    }

    public long seed() {
      return body.path("seed").asLong();
    }

    /** The content of the last user message. */
    public String user() {
      String u = "";
      for (JsonNode m : body.path("messages")) {
        if ("user".equals(m.path("role").asText())) {
          u = m.path("content").asText();
        }
      }
      return u;
    }

    /** Answers these choices, in the form the request asked for: one JSON body, or SSE chunks. */
    public void choices(List<Answer> answers) throws IOException {
      String id = "chatcmpl-" + ids.incrementAndGet();
      if (stream()) {
        streamChoices(id, answers);
        return;
      }
      ObjectNode c = head(id, "chat.completion");
      ArrayNode choices = c.putArray("choices");
      for (int i = 0; i < answers.size(); i++) {
        Answer a = answers.get(i);
        ObjectNode ch = choices.addObject().put("index", i);
        ObjectNode msg = ch.putObject("message").put("role", "assistant").put("content", a.content());
        if (a.reasoning() != null) {
          msg.put("reasoning_content", a.reasoning());
        }
        if (logprobs()) {
          ArrayNode tokens = ch.putObject("logprobs").putArray("content");
          for (String piece : pieces(a.content())) {
            token(tokens, piece);
          }
        } else {
          ch.putNull("logprobs");
        }
        ch.put("finish_reason", "stop");
      }
      c.putObject("usage").put("prompt_tokens", 100).put("completion_tokens", 10).put("total_tokens", 110);
      send(200, Map.of(), "application/json", JSON.writeValueAsString(c));
    }

    private void streamChoices(String id, List<Answer> answers) throws IOException {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      for (int i = 0; i < answers.size(); i++) {
        Answer a = answers.get(i);
        if (a.reasoning() != null) {
          for (String piece : pieces(a.reasoning())) {
            ObjectNode chunk = head(id, "chat.completion.chunk");
            chunk.putArray("choices").addObject().put("index", i).putNull("finish_reason")
                .putObject("delta").put("reasoning_content", piece);
            event(out, JSON.writeValueAsString(chunk));
          }
        }
        for (String piece : pieces(a.content())) {
          ObjectNode chunk = head(id, "chat.completion.chunk");
          ObjectNode ch = chunk.putArray("choices").addObject().put("index", i);
          ch.putObject("delta").put("role", "assistant").put("content", piece);
          if (logprobs()) {
            token(ch.putObject("logprobs").putArray("content"), piece);
          }
          ch.putNull("finish_reason");
          event(out, JSON.writeValueAsString(chunk));
        }
        ObjectNode last = head(id, "chat.completion.chunk");
        last.putArray("choices").addObject().put("index", i).put("finish_reason", "stop").putObject("delta");
        event(out, JSON.writeValueAsString(last));
      }
      event(out, "[DONE]");
    }

    /** An error in the OpenAI shape: {"error": {"message", "type", "param", "code"}}. */
    public void error(int status, String type, String message, Map<String, String> headers) throws IOException {
      ObjectNode e = JSON.createObjectNode();
      e.putObject("error").put("message", message).put("type", type).putNull("param").put("code", status);
      send(status, headers, "application/json", JSON.writeValueAsString(e));
    }

    public void send(int status, Map<String, String> headers, String contentType, String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }

    private ObjectNode head(String id, String object) {
      return JSON.createObjectNode().put("id", id).put("object", object).put("created", 1_700_000_000L)
          .put("model", body.path("model").asText());
    }
  }

  private static void token(ArrayNode tokens, String piece) {
    tokens.addObject().put("token", piece).put("logprob", PIECE_LOGPROB).putNull("bytes").putArray("top_logprobs");
  }

  /** A text in three pieces (streamed chunks, logprob tokens); none for an empty text. */
  static List<String> pieces(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    int a = text.length() / 3;
    int b = 2 * text.length() / 3;
    List<String> out = new ArrayList<>();
    for (String p : new String[] {text.substring(0, a), text.substring(a, b), text.substring(b)}) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
