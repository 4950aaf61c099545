package io.starec.research.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small hand-made files in the real formats (invented titles, no real rows). */
final class Fixtures {

  private Fixtures() {}

  static Path write(Path dir, String name, Charset charset, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n", charset);
    return file;
  }

  static Path writeGz(Path dir, String name, Charset charset, String... lines) throws IOException {
    Path file = dir.resolve(name + ".gz");
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(charset));
    }
    return file;
  }
}
