package io.starec.trainer.sft;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.avro.RewardRecord;
import io.starec.trainer.export.ExportStore;
import io.starec.trainer.export.FileFormat;
import io.starec.trainer.export.ParsedGroundTruth;
import io.starec.trainer.export.RollingExport;
import io.starec.workerkit.consumer.DurabilityAck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The screened SFT export, a LLaMA-Factory dataset folder:
 * <pre>
 *   sft/dataset_info.json            {"starec_sft": {"file_name": "starec_sft", "formatting": "sharegpt", ...}}
 *   sft/starec_sft/sft-000001.jsonl  accepted samples (LLaMA-Factory loads every file of the folder)
 *   sft/rejected/rejected-000001.jsonl  ids and reasons of rejected samples, for regeneration
 *   sft/screening_stats.json         counts per reason (also in manifest.json)
 * </pre>
 * Use: {@code llamafactory-cli train ... --dataset_dir <export>/sft --dataset starec_sft}.
 */
public final class SftExport {

  public static final String FOLDER = "sft";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final SftScreen screen;
  private final ScreeningStats stats;
  private final RollingExport<SftExample> accepted;
  private final RollingExport<RejectedSample> rejected;
  private final Path sftRoot;

  public SftExport(ExportStore store, SftScreen screen, ScreeningStats stats, String datasetName, long rollBytes,
                   long rollMs) throws IOException {
    this.screen = screen;
    this.stats = stats;
    this.sftRoot = store.root().resolve(FOLDER);
    Files.createDirectories(sftRoot);
    this.accepted = store.stream("sft", SftExample.class, FileFormat.JSONL, FOLDER + "/" + datasetName, rollBytes,
        rollMs, SftExample::estimateBytes);
    this.rejected = store.stream("rejected", RejectedSample.class, FileFormat.JSONL, FOLDER + "/rejected",
        rollBytes, rollMs, r -> 256);
    writeDatasetInfo(sftRoot, datasetName);
    store.afterManifest(() -> {
      try {
        FileFormat.writeAtomically(sftRoot.resolve("screening_stats.json"), JSON.writeValueAsBytes(stats.toMap()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Screens one record and buffers it (accepted or rejected), retaining the ack until its file is finished. */
  public SftScreen.Verdict accept(RewardRecord r, DurabilityAck ack, long nowMs) throws IOException {
    SftScreen.Verdict v = screen.screen(r);
    if (v.reasons().contains(RejectReason.TASK_EXCLUDED)) {
      return v; // not a candidate for SFT at all: neither counted nor listed
    }
    stats.record(v);
    if (v.accepted()) {
      accepted.append(SftExample.of(r, v.ndcgAt10()), ack, nowMs);
    } else {
      String positive = ParsedGroundTruth.parse(r.getGroundTruth()).map(ParsedGroundTruth::positive).orElse("");
      rejected.append(RejectedSample.of(r, v, positive), ack, nowMs);
    }
    return v;
  }

  /** Adds (or replaces) this dataset's entry in dataset_info.json, keeping other entries. */
  static void writeDatasetInfo(Path sftRoot, String datasetName) throws IOException {
    Path info = sftRoot.resolve("dataset_info.json");
    ObjectNode root = Files.exists(info) ? (ObjectNode) JSON.readTree(info.toFile()) : JSON.createObjectNode();
    ObjectNode entry = root.putObject(datasetName);
    entry.put("file_name", datasetName);
    entry.put("formatting", "sharegpt");
    ObjectNode columns = entry.putObject("columns");
    columns.put("messages", "conversations");
    columns.put("system", "system");
    ObjectNode tags = entry.putObject("tags");
    tags.put("role_tag", "from");
    tags.put("content_tag", "value");
    tags.put("user_tag", "human");
    tags.put("assistant_tag", "gpt");
    FileFormat.writeAtomically(info, JSON.writeValueAsBytes(root));
  }
}
