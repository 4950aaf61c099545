package io.starec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.config.StarecConfig;
import io.starec.schemas.json.AvroJson;
import io.starec.streamapp.StreamAppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code starec memory}: a user's memory, read from the stream app's HTTP endpoint. */
@Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints a user's memory from the stream app.",
        "Demographics, the preference description, the history, the pending predictions and the last reflections",
        "(what was predicted, what happened, the description before and after). Any instance answers: it forwards",
        "to the one that owns the user.",
        "The stream app's address and token come from --url and --token-file, or from the same settings the stream",
        "app reads (--config FILE: http.port, http.auth.token.file; or STAREC_HTTP_AUTH_TOKEN_FILE).",
        "Exit code: 0 printed, 1 unknown user or stream app unreachable or refusing, 2 usage error."})
public final class MemoryCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Parameters(index = "0", paramLabel = "USER", description = "The user id.")
  String user;

  @Option(names = "--url", paramLabel = "URL",
      description = "The stream app's HTTP address (default http://127.0.0.1:<http.port>, i.e. port 8080).")
  String url;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the stream app's bearer token (default: http.auth.token.file).")
  Path tokenFile;

  @Option(names = "--full", description = "The full memory with prompts and completions (?view=full).")
  boolean full;

  @Option(names = "--json", description = "Print the JSON the stream app answers, as it is.")
  boolean json;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "15000",
      description = "Retry while the stream app is starting or rebalancing (503), up to this long "
          + "(default ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base;
    String token;
    try {
      ConfigDef def = StreamAppConfig.configDef();
      AbstractConfig cfg = new AbstractConfig(def, config.load(def, Map.of()), false);
      base = url != null ? url : "http://127.0.0.1:" + cfg.getInt(StarecConfig.HTTP_PORT);
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      token = token(tokenFile != null ? tokenFile.toString() : cfg.getString(StreamAppConfig.HTTP_AUTH_TOKEN_FILE));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    URI uri;
    try {
      uri = URI.create(base + "/users/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
          + "/memory" + (full ? "?view=full" : ""));
    } catch (IllegalArgumentException e) {
      err.println("error: --url " + base + " is not a URL: " + e.getMessage());
      return 2;
    }
    HttpResponse<String> r;
    try {
      r = fetch(uri, token);
    } catch (IOException e) {
      err.println("error: cannot reach the stream app at " + base + " (" + e.getMessage() + "); is it running? "
          + "Its address: --url, or http.port of its settings.");
      return 1;
    }
    switch (r.statusCode()) {
      case 200 -> {
        if (json) {
          out.println(r.body());
        } else {
          print(AvroJson.MAPPER.readTree(r.body()), base, out);
        }
        out.flush();
        return 0;
      }
      case 401 -> err.println("error: the stream app wants its token" + (token == null ? "" : " and refused this one")
          + ": --token-file FILE (the file named by its http.auth.token.file)");
      case 404 -> err.println("error: unknown user " + user + ": no interaction or ranking of theirs reached the "
          + "stream app yet");
      default -> err.println("error: the stream app answered " + r.statusCode() + ": " + r.body());
    }
    return 1;
  }

  private HttpResponse<String> fetch(URI uri, String token) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    long end = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
    while (true) {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 503 || System.nanoTime() > end) {
        return r;
      }
      Thread.sleep(500); // starting or rebalancing: the owner of the user's partition is about to be known
    }
  }

  private static String token(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      String token = Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the token file " + file + " is empty");
      }
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
    }
  }

  private void print(JsonNode m, String base, PrintWriter out) {
    out.printf(Locale.ROOT, "user %s (gender %s, age %s, occupation %s): %d interactions, %d reflections, "
            + "last change %s%n", m.path("userId").asText(), text(m.get("gender")), text(m.get("age")),
        text(m.get("occupation")), m.path("interactionCount").asLong(), m.path("reflectionCount").asLong(),
        time(m.path("updatedMs").asLong()));
    out.println("description:");
    String description = m.path("description").asText();
    out.println("  " + (description.isEmpty() ? "(none yet: the first reflection writes it)" : description));
    List<JsonNode> history = reversed(m.path("history"));
    out.println("history (" + history.size() + ", newest first):");
    for (JsonNode h : history) {
      out.printf(Locale.ROOT, "  %s  %-10s %-8s %-5s %s%n", time(h.path("timestampMs").asLong()),
          h.path("itemId").asText(), h.path("type").asText(), h.path("rating").isNull() ? "-"
              : h.path("rating").asText(), h.path("liked").asBoolean() ? "liked" : "not liked");
    }
    List<JsonNode> pending = reversed(m.path("pending"));
    out.println("pending predictions (" + pending.size() + ", newest first):");
    for (JsonNode p : pending) {
      JsonNode served = p.path("rollouts").path(0).path("rankedItemIds");
      List<String> top = new ArrayList<>();
      for (int i = 0; i < Math.min(5, served.size()); i++) {
        top.add(served.get(i).asText());
      }
      out.printf(Locale.ROOT, "  %s  made %s by %s %s, %s; top 5: %s%n", p.path("requestId").asText(),
          time(p.path("createdMs").asLong()), p.path("backend").asText(), p.path("modelVersion").asText(),
          p.path("resolved").asBoolean() ? "resolved" : p.path("degraded").asBoolean() ? "degraded" : "waiting",
          String.join(", ", top));
    }
    List<JsonNode> reflections = reversed(m.path("reflections"));
    out.println("last reflections (" + reflections.size() + ", newest first):");
    for (JsonNode r : reflections) {
      String feedback = r.path("rating").isNull() ? r.path("interactionType").asText()
          : "rated " + r.path("rating").asText();
      out.printf(Locale.ROOT, "  %s  %s \"%s\": predicted rank %d of %d (%s); happened: %s (%s)%n",
          time(r.path("eventMs").asLong()), r.path("itemId").asText(), r.path("itemTitle").asText(),
          r.path("predictedRank").asInt(), r.path("candidateCount").asInt(),
          r.path("predictedLiked").asBoolean() ? "expected a like" : "expected no like", feedback,
          r.path("actualLiked").asBoolean() ? "liked it" : "did not like it");
      out.println("    before: " + r.path("descriptionBefore").asText());
      out.println("    after:  " + r.path("descriptionAfter").asText());
    }
    out.println("inspector: " + base + "/inspector/?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
  }

  private static List<JsonNode> reversed(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    Collections.reverse(list);
    return list;
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "-" : n.asText();
  }

  private static String time(long ms) {
    return ms <= 0 ? "-" : Instant.ofEpochMilli(ms).toString();
  }
}
