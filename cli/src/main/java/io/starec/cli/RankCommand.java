package io.starec.cli;

import io.starec.avro.RankedItem;
import io.starec.avro.RankingMode;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.config.StarecConfig;
import io.starec.replay.RankingClient;
import io.starec.schemas.json.AvroJson;
import io.starec.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starec rank}: asks a user's agent to rank candidates over the topics and prints its answer. */
@Command(name = "rank", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Asks a user's agent for a ranking and prints the ranked items with their explanations.",
        "Also printed: the rationale, the backend, the model version, whether it was degraded and the round trip.",
        "Sends a RankingRequest (mode SERVE, a deadline, replyTo = the responses topic) to <prefix>.ranking.requests",
        "and waits for its RankingResponse on <prefix>.ranking.responses: the stream app must be running.",
        "Exit code: 0 ranked (also when degraded), 1 not rankable or no answer in time, 2 usage error."})
public final class RankCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = {"-u", "--user"}, required = true, paramLabel = "USER", description = "The user id.")
  String user;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Candidates candidates;

  static final class Candidates {
    @Option(names = {"-i", "--items"}, split = ",", paramLabel = "ID", description = "Candidate item ids: A,B,C.")
    List<String> items;

    @Option(names = "--candidates", paramLabel = "FILE",
        description = "File with one candidate item id per line (blank lines and # comments skipped).")
    Path file;
  }

  @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "15000",
      description = "The request's deadline: past it the stream app answers with its degraded fallback "
          + "(default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Option(names = "--wait-ms", paramLabel = "MS", defaultValue = "10000",
      description = "How long after the deadline to wait for the answer before giving up (default ${DEFAULT-VALUE}).")
  long waitMs;

  @Option(names = "--json", description = "Print the RankingResponse as one JSON line.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AbstractConfig cfg;
    List<String> ids;
    try {
      ConfigDef def = StarecConfig.configDef();
      cfg = new AbstractConfig(def, config.load(def, Map.of()), false);
      ids = candidateIds();
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    Topics topics = StarecConfig.topics(cfg);
    long now = System.currentTimeMillis();
    RankingRequest request = RankingRequest.newBuilder().setRequestId("cli-" + UUID.randomUUID())
        .setUserId(user).setCandidateItemIds(ids).setDeadlineMs(now + deadlineMs).setMode(RankingMode.SERVE)
        .setReplyTo(topics.rankingResponses().name()).setTimestampMs(now).build();
    RankingResponse response;
    try (RankingClient client = new RankingClient(StarecConfig.kafkaClientProperties(cfg),
        StarecConfig.serdeConfig(cfg), topics, "starec-rank", 0)) {
      response = client.send(request, Duration.ofMillis(deadlineMs + waitMs)).get().response();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        err.println(noAnswer(request, topics, cfg));
      } else {
        err.println("error: " + e.getCause().getMessage());
      }
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted");
      return 1;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage() + " (bootstrap.servers " + cfg.getString(StarecConfig.BOOTSTRAP_SERVERS)
          + ", topic.prefix " + topics.prefix() + ")");
      return 1;
    }
    if (json) {
      out.println(AvroJson.write(AvroJson.toJson(response)));
    } else {
      print(response, out);
    }
    out.flush();
    if (response.getError() != null && !json) {
      err.println("error: the stream app could not rank this request: " + response.getError()
          + (response.getUnknownItemIds().isEmpty() ? "" : " (unknown items: "
          + String.join(", ", response.getUnknownItemIds()) + "; are the items published to "
          + topics.items().name() + "?)"));
    }
    return response.getError() == null ? 0 : 1;
  }

  private List<String> candidateIds() {
    List<String> raw = new ArrayList<>();
    if (candidates.file != null) {
      try {
        for (String line : Files.readAllLines(candidates.file, StandardCharsets.UTF_8)) {
          String id = line.strip();
          if (!id.isEmpty() && !id.startsWith("#")) {
            raw.add(id);
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --candidates " + candidates.file + ": " + e.getMessage());
      }
    } else {
      candidates.items.forEach(id -> raw.add(id.strip()));
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : raw) {
      if (id.isEmpty()) {
        throw new IllegalArgumentException("an empty candidate id in --items");
      }
      if (!ids.add(id)) {
        throw new IllegalArgumentException("candidate " + id + " is given twice");
      }
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no candidates in " + candidates.file);
    }
    return new ArrayList<>(ids);
  }

  private String noAnswer(RankingRequest request, Topics topics, AbstractConfig cfg) {
    return String.format(Locale.ROOT, "error: no answer to request %s within %d ms.%n"
            + "  The request went to %s; its answer was awaited on %s (bootstrap.servers %s).%n"
            + "  Check: is the stream app running against this cluster with the same topic.prefix (%s)? Its "
            + "/health says RUNNING?%n"
            + "  A stream app answers even when no gateway consumes %s, with a degraded fallback after the deadline "
            + "(--deadline-ms %d).",
        request.getRequestId(), deadlineMs + waitMs, topics.rankingRequests().name(),
        topics.rankingResponses().name(), cfg.getString(StarecConfig.BOOTSTRAP_SERVERS), topics.prefix(),
        topics.inferenceRequests().name(), deadlineMs);
  }

  private static void print(RankingResponse r, PrintWriter out) {
    out.printf(Locale.ROOT, "user %s, request %s: %s%n", r.getUserId(), r.getRequestId(),
        r.getError() != null ? "not rankable" : (r.getDegraded() ? "DEGRADED (fallback ranking)" : "ranked")
            + " by " + r.getBackend() + " " + r.getModelVersion() + " in " + r.getLatencyMs() + " ms");
    int width = r.getRanked().stream().mapToInt(item -> item.getItemId().length()).max().orElse(0);
    for (RankedItem item : r.getRanked()) {
      String score = item.getScore() == null ? "" : String.format(Locale.ROOT, "  %8.3f", item.getScore());
      out.printf(Locale.ROOT, "%4d. %-" + width + "s%s%s%n", item.getRank(), item.getItemId(), score,
          item.getExplanation().isEmpty() ? "" : "  - " + item.getExplanation());
    }
    if (!r.getRationale().isBlank()) {
      out.println("rationale:");
      r.getRationale().strip().lines().forEach(l -> out.println("  " + l));
    }
    if (!r.getParseIssues().isEmpty()) {
      out.println("parse issues: " + String.join("; ", r.getParseIssues()));
    }
  }
}
