package io.starec.trainer.export;

import io.starec.workerkit.consumer.DurabilityAck;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An export folder: its rolling streams, its manifest and a lock so that one trainer owns it. At open, temp
 * files and orphans (finished files the manifest does not list, left by a crash between rename and manifest
 * write) are deleted: their records were not committed and will be read again.
 *
 * <p>Order on every roll: finish files (fsync + atomic rename) -> release the acks of their rows (offsets
 * become committable) -> rewrite the manifest. The caller commits offsets only after this returns; if the
 * manifest write fails the exception must stop the trainer before any commit.
 */
public final class ExportStore implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(ExportStore.class);
  public static final String TEMP_FOLDER = ".tmp";
  /**
   * The Parquet codec unless configured: snappy is the Parquet ecosystem's default (parquet-mr, Spark, pyarrow)
   * and the one codec light readers such as hyparquet or parquetjs decode without add-ons; ZSTD is smaller.
   */
  public static final CompressionCodecName DEFAULT_PARQUET_CODEC = CompressionCodecName.SNAPPY;

  private final Path root;
  private final Path temp;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Manifest manifest;
  private final CompressionCodecName parquetCodec;
  private final Map<String, RollingExport<?>> streams = new LinkedHashMap<>();
  private Supplier<Map<String, Manifest.PartitionPosition>> consumerState = Map::of;
  private Supplier<Map<String, Long>> counters = Map::of;
  private Supplier<Map<String, Object>> screening = Map::of;
  private final List<Runnable> afterManifest = new ArrayList<>();

  public ExportStore(Path root) throws IOException {
    this(root, DEFAULT_PARQUET_CODEC);
  }

  /** @param parquetCodec compression of the Parquet files of every stream */
  public ExportStore(Path root, CompressionCodecName parquetCodec) throws IOException {
    this.parquetCodec = parquetCodec;
    this.root = root.toAbsolutePath();
    Files.createDirectories(this.root);
    this.lockChannel = FileChannel.open(this.root.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("export folder " + this.root + " is in use by another trainer");
    }
    this.lock = l;
    this.temp = this.root.resolve(TEMP_FOLDER);
    Files.createDirectories(temp);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
    this.manifest = Manifest.readOrEmpty(this.root);
  }

  public Path root() {
    return root;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** Registers a stream; deletes finished-looking files of this kind in its folder that the manifest lacks. */
  public <T> RollingExport<T> stream(String kind, Class<T> type, FileFormat format, String folder, long rollBytes,
                                     long rollMs, ToLongFunction<T> sizer) throws IOException {
    if (streams.containsKey(kind)) {
      throw new IllegalArgumentException("stream already registered: " + kind);
    }
    Path dir = root.resolve(folder);
    Files.createDirectories(dir);
    Set<String> listed = new HashSet<>();
    manifest.files(kind).forEach(f -> listed.add(f.path()));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, kind + "-*." + format.extension())) {
      for (Path p : files) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!listed.contains(rel)) {
          LOG.warn("deleting orphan export file {} (not in manifest; its records will be read again)", rel);
          Files.delete(p);
        }
      }
    }
    RollingExport<T> stream = new RollingExport<>(kind, type, format, root, dir, temp, rollBytes, rollMs, sizer,
        parquetCodec);
    streams.put(kind, stream);
    return stream;
  }

  /** Where the manifest's consumer positions come from (the trainer's offset tracker). */
  public void consumerState(Supplier<Map<String, Manifest.PartitionPosition>> supplier) {
    this.consumerState = supplier;
  }

  /** Where the manifest's counters come from. */
  public void counters(Supplier<Map<String, Long>> supplier) {
    this.counters = supplier;
  }

  /** Where the manifest's screening statistics come from. */
  public void screening(Supplier<Map<String, Object>> supplier) {
    this.screening = supplier;
  }

  /** Runs after every manifest write (e.g. rewriting side files such as screening statistics). */
  public void afterManifest(Runnable r) {
    afterManifest.add(r);
  }

  /** Next VeRL row index (persisted with the manifest). */
  public long nextIndex() {
    return manifest.nextIndex++;
  }

  /** Finishes every stream whose file is due by size or age. */
  public List<RollingExport.Finished> maybeRoll(long nowMs) throws IOException {
    return roll(nowMs, false);
  }

  /** Finishes every open file (shutdown, partition revocation, tests). */
  public List<RollingExport.Finished> rollAll(long nowMs) throws IOException {
    return roll(nowMs, true);
  }

  private List<RollingExport.Finished> roll(long nowMs, boolean all) throws IOException {
    List<RollingExport.Finished> done = new ArrayList<>();
    for (RollingExport<?> s : streams.values()) {
      if (s.isOpen() && (all || s.shouldRoll(nowMs))) {
        long seq = manifest.nextSequence.getOrDefault(s.kind(), 1L);
        manifest.nextSequence.put(s.kind(), seq + 1);
        RollingExport.Finished f = s.finish(String.format("%s-%06d.%s", s.kind(), seq, s.format().extension()),
            nowMs);
        manifest.files.add(new Manifest.FileEntry(f.kind(), f.relativePath(), s.format().extension(), f.rows(),
            f.bytes(), f.openedMs(), f.finishedMs()));
        done.add(f);
      }
    }
    if (!done.isEmpty()) {
      for (RollingExport.Finished f : done) {
        f.acks().forEach(DurabilityAck::release);
      }
      writeManifest(nowMs);
    }
    return done;
  }

  /** Rewrites the manifest with the current state (also useful after dropping groups without any file). */
  public void writeManifest(long nowMs) throws IOException {
    manifest.updatedMs = nowMs;
    manifest.consumer = new java.util.TreeMap<>(consumerState.get());
    manifest.counters = new java.util.TreeMap<>(counters.get());
    manifest.screening = new LinkedHashMap<>(screening.get());
    manifest.write(root);
    afterManifest.forEach(Runnable::run);
  }

  /** Drops open files without finishing them (their records were not committed). */
  public void abortOpen() {
    streams.values().forEach(RollingExport::abort);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
