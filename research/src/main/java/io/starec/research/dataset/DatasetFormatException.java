package io.starec.research.dataset;

import java.nio.file.Path;

/** A dataset file that cannot be read as its format says: names the file, the line and why. */
public class DatasetFormatException extends RuntimeException {

  private final Path file;
  private final long line;
  private final String reason;

  /** @param line 1-based line number, or 0 when the problem is not on one line */
  public DatasetFormatException(Path file, long line, String reason) {
    this(file, line, reason, null);
  }

  public DatasetFormatException(Path file, long line, String reason, Throwable cause) {
    super(format(file, line, reason), cause);
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  private static String format(Path file, long line, String reason) {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }

  public Path file() {
    return file;
  }

  /** 1-based line number, 0 when not about one line. */
  public long line() {
    return line;
  }

  public String reason() {
    return reason;
  }
}
