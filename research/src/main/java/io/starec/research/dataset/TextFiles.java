package io.starec.research.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/** Line-by-line reading of dataset files, plain or gzip-compressed, never whole files in memory. */
public final class TextFiles {

  private TextFiles() {}

  /** One line of a file, with its 1-based number, so parse errors can say where they are. */
  public record Line(Path file, long number, String text) {

    public DatasetFormatException error(String reason) {
      return new DatasetFormatException(file, number, reason + ": '" + abbreviate(text) + "'");
    }

    /**
     * Splits on {@code delimiter} (a literal string) and requires exactly {@code expected} fields.
     */
    public String[] fields(String delimiter, int expected) {
      String[] parts = split(text, delimiter);
      if (parts.length != expected) {
        throw error("expected " + expected + " fields separated by '" + printable(delimiter)
            + "' but found " + parts.length);
      }
      return parts;
    }

    public long parseLong(String value, String field) {
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw error(field + " is not an integer ('" + abbreviate(value) + "')");
      }
    }

    public int parseInt(String value, String field) {
      long v = parseLong(value, field);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(field + " is out of range ('" + value + "')");
      }
      return (int) v;
    }

    public double parseDouble(String value, String field) {
      try {
        double d = Double.parseDouble(value.trim());
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw error(field + " is not a number ('" + abbreviate(value) + "')");
      }
    }

    public String nonEmpty(String value, String field) {
      String v = value.trim();
      if (v.isEmpty()) {
        throw error(field + " is empty");
      }
      return v;
    }
  }

  /**
   * {@code dir/name} if it exists, else {@code dir/name.gz}; otherwise a
   * {@link DatasetFormatException} naming both.
   */
  public static Path resolve(Path dir, String name) {
    Path plain = dir.resolve(name);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    throw new DatasetFormatException(plain, 0, "file not found (nor " + gz.getFileName() + ")");
  }

  public static boolean exists(Path dir, String name) {
    return Files.isRegularFile(dir.resolve(name)) || Files.isRegularFile(dir.resolve(name + ".gz"));
  }

  /** A reader over the file, decompressing when the name ends in {@code .gz}. */
  public static BufferedReader open(Path file, Charset charset) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      if (file.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return new BufferedReader(new InputStreamReader(in, charset), 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /**
   * The file's non-blank lines, lazily; close the stream to close the file. I/O failures surface
   * as {@link UncheckedIOException}. A trailing '\r' (CRLF files) is removed.
   */
  public static Stream<Line> lines(Path file, Charset charset) {
    BufferedReader reader;
    try {
      reader = open(file, charset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    Iterator<Line> it = new Iterator<>() {
      private long number;
      private Line next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        try {
          String text;
          while ((text = reader.readLine()) != null) {
            number++;
            if (text.endsWith("\r")) {
              text = text.substring(0, text.length() - 1);
            }
            if (!text.isBlank()) {
              next = new Line(file, number, text);
              return true;
            }
          }
          return false;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file + " after line " + number, e);
        }
      }

      @Override
      public Line next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
      }
    };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(() -> {
          try {
            reader.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Reads a whole (small) metadata file into memory line by line through {@code parser}. */
  public static <T> java.util.List<T> readAll(Path file, Charset charset, Function<Line, T> parser) {
    try (Stream<Line> lines = lines(file, charset)) {
      return lines.map(parser).toList();
    }
  }

  /** Literal split that keeps empty fields (String.split drops trailing ones). */
  public static String[] split(String text, String delimiter) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int from = 0;
    int at;
    while ((at = text.indexOf(delimiter, from)) >= 0) {
      out.add(text.substring(from, at));
      from = at + delimiter.length();
    }
    out.add(text.substring(from));
    return out.toArray(String[]::new);
  }

  private static String printable(String delimiter) {
    return delimiter.replace("\t", "\\t");
  }

  private static String abbreviate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
