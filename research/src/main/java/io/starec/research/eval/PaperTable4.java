package io.starec.research.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paper's Table 4 (NDCG@1/5/10/20 in percent), as reported by the authors, for printing beside
 * our numbers. Reported, not measured here.
 */
public final class PaperTable4 {

  /** One reported row. {@code ourMethod} names the method of ours that corresponds, if any. */
  public record Row(String method, String ourMethod, double ndcg1, double ndcg5, double ndcg10, double ndcg20) {

    public double[] values() {
      return new double[] {ndcg1, ndcg5, ndcg10, ndcg20};
    }
  }

  public static final List<Row> ML_1M = List.of(
      new Row("Pop", "pop", 20.50, 41.89, 49.08, 52.86),
      new Row("BPR_sample", "bpr", 24.50, 42.52, 50.74, 54.64),
      new Row("BPR_full", "bpr_full", 33.50, 54.92, 60.85, 62.60),
      new Row("GRU4Rec_sample", null, 38.00, 60.04, 64.65, 66.28),
      new Row("GRU4Rec_full", null, 54.70, 72.97, 75.47, 76.46),
      new Row("SASRec_sample", null, 42.30, 62.59, 66.68, 68.53),
      new Row("SASRec_full", null, 57.50, 73.29, 76.51, 77.47),
      new Row("LLMRank", null, 31.90, 52.70, 56.19, 60.76),
      new Row("AgentCF", null, 40.30, 59.88, 65.26, 70.28),
      new Row("STARec-Teacher (R1-32B)", null, 39.00, 57.27, 62.35, 65.12),
      new Row("STARec-SFT_sample", null, 35.60, 55.74, 60.87, 63.24),
      new Row("STARec_sample (7B)", null, 55.40, 75.27, 77.16, 77.96));

  public static final List<Row> CDS = List.of(
      new Row("Pop", "pop", 24.10, 43.18, 47.69, 55.13),
      new Row("BPR_sample", "bpr", 26.70, 44.99, 50.55, 57.76),
      new Row("BPR_full", "bpr_full", 46.20, 60.35, 63.66, 67.72),
      new Row("GRU4Rec_sample", null, 33.80, 46.21, 49.82, 57.47),
      new Row("GRU4Rec_full", null, 60.00, 68.43, 70.84, 75.22),
      new Row("SASRec_sample", null, 34.90, 46.40, 49.76, 57.93),
      new Row("SASRec_full", null, 62.30, 77.13, 79.47, 80.32),
      new Row("LLMRank", null, 58.70, 72.35, 73.54, 74.31),
      new Row("AgentCF", null, 64.00, 76.19, 79.15, 80.37),
      new Row("STARec-Teacher (R1-32B)", null, 60.00, 74.91, 77.18, 78.46),
      new Row("STARec-SFT_sample", null, 57.30, 72.88, 74.90, 76.58),
      new Row("STARec_sample (7B)", null, 68.30, 81.40, 82.63, 84.36));

  private PaperTable4() {}

  /** The paper's rows for a dataset name (ml-1m, cds...), empty for datasets it does not report. */
  public static List<Row> forDataset(String dataset) {
    String d = dataset.toLowerCase(Locale.ROOT);
    if (d.startsWith("ml-1m")) {
      return ML_1M;
    }
    if (d.startsWith("cds")) {
      return CDS;
    }
    return List.of();
  }

  public static Optional<Row> rowFor(String dataset, String ourMethod) {
    return forDataset(dataset).stream().filter(r -> ourMethod.equals(r.ourMethod())).findFirst();
  }
}
