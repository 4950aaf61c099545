package io.starec.trainer.export;

import io.starec.workerkit.consumer.DurabilityAck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One stream of rows written to a sequence of files, rolled by size and age. Rows go to a temp file under the
 * store's temp folder; a finished file is fsynced and renamed into its folder in one atomic step, so readers
 * (VeRL, LLaMA-Factory, a manifest scan) never see a partial file. Each appended row retains the ack of the
 * records it came from until its file is finished.
 */
public final class RollingExport<T> {

  /** A file that was finished: its final path (relative to the store root) and what it holds. */
  public record Finished(String kind, String relativePath, long rows, long bytes, long openedMs, long finishedMs,
                         List<DurabilityAck> acks) {}

  private final String kind;
  private final Class<T> type;
  private final FileFormat format;
  private final Path root;
  private final Path folder;
  private final Path tempFolder;
  private final long rollBytes;
  private final long rollMs;
  private final ToLongFunction<T> sizer;
  private final CompressionCodecName parquetCodec;

  private RowWriter<T> writer;
  private Path tempFile;
  private long openedMs;
  private long rows;
  private long estimatedBytes;
  private final List<DurabilityAck> acks = new ArrayList<>();

  /**
   * @param kind the stream's name in the manifest and its file prefix, e.g. "verl"
   * @param folder where finished files go (under root)
   * @param sizer estimated uncompressed size of a row; Parquet rolls on it since compressed bytes are only
   *     known after a row group is flushed
   * @param parquetCodec compression of Parquet files
   */
  public RollingExport(String kind, Class<T> type, FileFormat format, Path root, Path folder, Path tempFolder,
                       long rollBytes, long rollMs, ToLongFunction<T> sizer, CompressionCodecName parquetCodec) {
    this.kind = kind;
    this.type = type;
    this.format = format;
    this.root = root;
    this.folder = folder;
    this.tempFolder = tempFolder;
    this.rollBytes = rollBytes;
    this.rollMs = rollMs;
    this.sizer = sizer;
    this.parquetCodec = parquetCodec;
  }

  public String kind() {
    return kind;
  }

  public FileFormat format() {
    return format;
  }

  public Path folder() {
    return folder;
  }

  public void append(T row, DurabilityAck ack, long nowMs) throws IOException {
    if (writer == null) {
      Files.createDirectories(tempFolder);
      tempFile = Files.createTempFile(tempFolder, kind + "-", "." + format.extension() + ".tmp");
      writer = format.open(tempFile, type, parquetCodec);
      openedMs = nowMs;
      rows = 0;
      estimatedBytes = 0;
    }
    writer.write(row);
    rows++;
    estimatedBytes += sizer.applyAsLong(row);
    if (ack != null) {
      ack.retain();
      acks.add(ack);
    }
  }

  public boolean isOpen() {
    return writer != null;
  }

  public long openRows() {
    return rows;
  }

  public boolean shouldRoll(long nowMs) {
    if (writer == null) {
      return false;
    }
    long bytes = Math.max(writer.bytesWritten(), estimatedBytes);
    return bytes >= rollBytes || nowMs - openedMs >= rollMs;
  }

  /**
   * Finishes the open file under {@code fileName} (closed, fsynced, renamed atomically). The acks are returned,
   * not released: the store releases them once the manifest lists the file.
   */
  public Finished finish(String fileName, long nowMs) throws IOException {
    if (writer == null) {
      throw new IllegalStateException("no open file");
    }
    RowWriter<T> w = writer;
    writer = null;
    w.close();
    Files.createDirectories(folder);
    Path target = folder.resolve(fileName);
    long bytes = Files.size(tempFile);
    FileFormat.moveAtomically(tempFile, target);
    Finished f = new Finished(kind, root.relativize(target).toString().replace('\\', '/'), rows, bytes, openedMs,
        nowMs, List.copyOf(acks));
    acks.clear();
    tempFile = null;
    return f;
  }

  /** Drops the open file (error path); its acks are never released, so its records are read again. */
  public void abort() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException ignored) {
        // the file is deleted anyway
      }
      writer = null;
      try {
        Files.deleteIfExists(tempFile);
      } catch (IOException ignored) {
        // a leftover temp file is removed at the next start
      }
      acks.clear();
    }
  }
}
