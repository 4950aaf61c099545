package io.starec.research.eval;

import io.starec.research.protocol.PreprocessStats;
import io.starec.research.protocol.ProtocolConfig;

import java.util.List;

/** The outcome of an evaluation run: protocol, what preprocessing did, one summary per method, the paper's rows. */
public record EvalReport(
    String dataset,
    ProtocolConfig protocol,
    PreprocessStats preprocessing,
    List<Long> seeds,
    List<MethodSummary> methods,
    List<PaperTable4.Row> paper,
    long wallMs) {

  public EvalReport {
    seeds = List.copyOf(seeds);
    methods = List.copyOf(methods);
    paper = List.copyOf(paper);
  }
}
