package io.starec.loadtest.drill;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a drill runs.
 *
 * @param bootstrap the broker the drills share (the broker-restart drill starts its own broker process instead)
 * @param registryUrl an http(s) schema registry, or null: in-JVM {@code mock://} (or {@link RegistryServer} where
 *     a child process needs one)
 * @param workDir state dirs, data, child and broker logs
 * @param repoRoot the checkout (for {@code deploy/local/kafka-up.sh}); null = looked up from the working directory
 */
public record DrillEnv(String bootstrap, String registryUrl, Path workDir, Path repoRoot, PrintWriter log) {

  public DrillEnv {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(log, "log");
  }

  /** True when {@link #registryUrl} names a real (HTTP) registry. */
  public boolean httpRegistry() {
    return registryUrl != null && registryUrl.startsWith("http");
  }

  /** The checkout root: {@link #repoRoot} or the first folder upwards of the working directory with deploy/local. */
  public Path checkout() {
    if (repoRoot != null) {
      return repoRoot;
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("deploy/local/kafka-up.sh"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("deploy/local/kafka-up.sh not found above " + Path.of("").toAbsolutePath()
        + "; pass the checkout's root");
  }
}
