package io.starec.trainer.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.json}: every finished file of an export folder, counters that must survive restarts, and the
 * consumer positions behind the files. Rewritten atomically (temp + rename) after each finished file; a file
 * not listed here is an orphan of a crash and is deleted at the next start (its records were never committed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Manifest {

  public static final String FILE_NAME = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One finished file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileEntry(String kind, String path, String format, long rows, long bytes, long openedMs,
                          long finishedMs) {}

  /** Consumer position of a partition when the manifest was written (see OffsetTracker). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PartitionPosition(String topic, int partition, long watermark, List<Long> done) {}

  public int version = 1;
  public long updatedMs;
  /** Next VeRL extra_info.index. */
  public long nextIndex;
  /** Next file sequence number per kind. */
  public Map<String, Long> nextSequence = new TreeMap<>();
  public List<FileEntry> files = new ArrayList<>();
  public Map<String, PartitionPosition> consumer = new TreeMap<>();
  /** Counters (groups closed, dropped, records screened ...) as of this manifest. */
  public Map<String, Long> counters = new TreeMap<>();
  /** SFT screening statistics. */
  public Map<String, Object> screening = new LinkedHashMap<>();

  public static Manifest readOrEmpty(Path dir) throws IOException {
    Path p = dir.resolve(FILE_NAME);
    if (!Files.exists(p)) {
      return new Manifest();
    }
    return JSON.readValue(p.toFile(), Manifest.class);
  }

  public void write(Path dir) throws IOException {
    FileFormat.writeAtomically(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(this));
  }

  public long rows(String kind) {
    return files.stream().filter(f -> f.kind().equals(kind)).mapToLong(FileEntry::rows).sum();
  }

  public List<FileEntry> files(String kind) {
    return files.stream().filter(f -> f.kind().equals(kind)).toList();
  }
}
