package io.starec.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.jerolba.carpet.CarpetWriter;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Output file formats. VeRL's RLHFDataset reads Parquet, and {@code .json} files as JSON (Lines) through
 * {@code datasets.load_dataset("json")}; LLaMA-Factory reads {@code .jsonl}.
 */
public enum FileFormat {
  PARQUET("parquet"),
  /** JSON Lines in a {@code .json} file: the extension VeRL dispatches on. */
  JSON("json"),
  /** JSON Lines in a {@code .jsonl} file (LLaMA-Factory, rejected-id lists). */
  JSONL("jsonl");

  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

  private final String extension;

  FileFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public static FileFormat parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "parquet" -> PARQUET;
      case "json" -> JSON;
      case "jsonl" -> JSONL;
      default -> throw new IllegalArgumentException("unknown export format: " + s + " (parquet, json, jsonl)");
    };
  }

  /** @param parquetCodec the compression of Parquet files (ignored by the JSON formats) */
  public <T> RowWriter<T> open(Path file, Class<T> type, CompressionCodecName parquetCodec) throws IOException {
    CountingSyncStream out = new CountingSyncStream(new FileOutputStream(file.toFile()));
    if (this == PARQUET) {
      CarpetWriter<T> writer = new CarpetWriter.Builder<>(out, type)
          .withCompressionCodec(parquetCodec)
          .withRowGroupSize(16L * 1024 * 1024)
          .build();
      return new RowWriter<>() {
        @Override
        public void write(T row) throws IOException {
          writer.write(row);
        }

        @Override
        public long bytesWritten() {
          return out.count;
        }

        @Override
        public void close() throws IOException {
          writer.close();
          out.close();
        }
      };
    }
    ObjectWriter json = JSON_MAPPER.writerFor(type);
    BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
    return new RowWriter<>() {
      @Override
      public void write(T row) throws IOException {
        buffered.write(json.writeValueAsBytes(row));
        buffered.write('\n');
      }

      @Override
      public long bytesWritten() {
        return out.count;
      }

      @Override
      public void close() throws IOException {
        buffered.flush();
        out.close();
      }
    };
  }

  /** Counts bytes and fsyncs before closing, once (Carpet closes the stream it was given). */
  static final class CountingSyncStream extends FilterOutputStream {
    private final FileOutputStream file;
    private long count;
    private boolean closed;

    CountingSyncStream(FileOutputStream file) {
      super(file);
      this.file = file;
    }

    @Override
    public void write(int b) throws IOException {
      file.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      file.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      file.flush();
      file.getChannel().force(true);
      file.close();
    }
  }

  /** Writes a small file atomically: temp file in the same directory, fsync, atomic rename. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write(content);
      out.flush();
      out.getChannel().force(true);
    }
    moveAtomically(tmp, target);
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    java.nio.file.Files.move(from, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(to.toAbsolutePath().getParent());
  }

  /** fsync of a directory makes a rename durable on Linux; elsewhere it may be unsupported, which is fine. */
  static void syncDirectory(Path dir) {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
        java.nio.file.StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException ignored) {
      // not supported on every platform; the rename itself is still atomic
    }
  }
}
