package io.starec.research.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.research.baseline.BprMf;
import io.starec.research.dataset.SyntheticMovieLens;
import io.starec.research.protocol.ProtocolConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunTest {

  @TempDir Path dir;

  private EvalRun.Settings settings(List<String> methods) {
    Path data = dir.resolve("data");
    SyntheticMovieLens.write(data, 5, 120, 150, 25);
    return new EvalRun.Settings("ml-1m", data, ProtocolConfig.paper().withUsers(40, 40), List.of(0L, 1L), methods,
        EvalOptions.defaults().withBpr(BprMf.Config.defaults().withEpochs(5)), dir.resolve("out"), false);
  }

  @Test
  void writesJsonMarkdownAndPng() throws Exception {
    // Given a synthetic dataset in ML-1M format
    StringWriter log = new StringWriter();

    // When evaluated with three baselines over two seeds
    EvalReport report = EvalRun.run(settings(List.of("pop", "bpr", "random")), new PrintWriter(log, true));

    // Then the three result files exist and agree with the report
    Path out = dir.resolve("out");
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.get("methods")).hasSize(3);
    JsonNode pop = json.get("methods").get(0);
    assertThat(pop.get("method").asText()).isEqualTo("pop");
    assertThat(pop.get("ndcg@10").asDouble()).isCloseTo(report.methods().get(0).ndcg().get(2), org.assertj.core.api.Assertions.within(1e-3));
    assertThat(pop.get("users").asInt()).isEqualTo(40);
    assertThat(pop.get("seeds").asInt()).isEqualTo(2);
    assertThat(pop.has("parseFailureRate")).isTrue();
    assertThat(pop.has("degradedRate")).isTrue();
    assertThat(pop.has("wallTimeMs")).isTrue();
    assertThat(pop.get("perSeed")).hasSize(2);
    assertThat(json.get("paperTable4").get(0).get("ndcg@1").asDouble()).isEqualTo(20.50);

    String md = Files.readString(out.resolve("results.md"));
    assertThat(md).contains("| pop | ours |").contains("| Pop | *paper (Table 4)* | 20.50 | 41.89 | 49.08 | 52.86 |")
        .contains("| BPR_full | *paper (Table 4)* | 33.50 | 54.92 | 60.85 | 62.60 |")
        .contains("| STARec_sample (7B) | *paper (Table 4)* | 55.40 | 75.27 | 77.16 | 77.96 |");
    // the paper's counterpart row follows ours
    assertThat(md.indexOf("| Pop | *paper")).isGreaterThan(md.indexOf("| pop | ours |"));

    byte[] png = Files.readAllBytes(out.resolve("results.png"));
    assertThat(png).hasSizeGreaterThan(1000);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(log.toString()).contains("pop").contains("seed 1");
  }

  @Test
  void unavailableMethodFailsBeforeLoading() {
    assertThatThrownBy(() -> EvalRun.run(settings(List.of("pop", "triton")), new PrintWriter(new StringWriter())))
        .hasMessage("method triton needs --triton-url");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
