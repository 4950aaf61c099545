package io.starec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless browser for page tests: Debian's {@code chromium} (.ci/run installs it), driven by its command
 * line, with a fresh profile per run. Scripts run and fetches finish within a virtual-time budget.
 */
final class Chromium {

  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/bin/google-chrome");
  private static final long TIMEOUT_SECONDS = 90;

  private final String binary;

  private Chromium(String binary) {
    this.binary = binary;
  }

  /** The installed browser; the calling test is skipped, saying so, when there is none. */
  static Chromium findOrSkip() {
    String configured = System.getenv("CHROMIUM");
    for (String c : configured != null ? List.of(configured) : CANDIDATES) {
      if (Files.isExecutable(Path.of(c))) {
        return new Chromium(c);
      }
    }
    Assumptions.assumeTrue(false, "no chromium at " + CANDIDATES + " (apt-get install -y chromium, or set "
        + "CHROMIUM=/path/to/chrome): the inspector's browser test is skipped");
    return null;
  }

  /** The DOM after the page's scripts ran. */
  String dumpDom(String url, Path profile) throws IOException, InterruptedException {
    return run(profile, List.of("--dump-dom", url));
  }

  /** A PNG of the page, 1280 pixels wide and {@code height} high, written to {@code png}. */
  Path screenshot(String url, Path profile, int height, Path png) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(profile, List.of("--window-size=1280," + height, "--screenshot=" + png.toAbsolutePath(), url));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new IllegalStateException("chromium wrote no screenshot to " + png);
    }
    return png;
  }

  private String run(Path profile, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + Files.createTempDirectory(profile, "profile"),
        "--virtual-time-budget=5000"));
    cmd.addAll(args);
    Path log = Files.createTempFile(profile, "chromium", ".log");
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("chromium exited " + p.exitValue() + ": " + Files.readString(log));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
