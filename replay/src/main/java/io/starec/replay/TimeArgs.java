package io.starec.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Time bounds as users type them: epoch seconds (up to 11 digits, as MovieLens stores them), epoch milliseconds
 * (12 digits or more), an ISO date ({@code 2000-12-31}, midnight UTC), an ISO date-time ({@code 2000-12-31T12:00},
 * UTC) or an ISO instant ({@code 2000-12-31T12:00:00Z}).
 */
public final class TimeArgs {

  private TimeArgs() {}

  /** Epoch milliseconds; IllegalArgumentException with the accepted forms when unreadable. */
  public static long parseMillis(String text) {
    String s = text.trim();
    if (s.matches("-?\\d+")) {
      long v = Long.parseLong(s);
      return s.replace("-", "").length() <= 11 ? v * 1000 : v;
    }
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return Instant.parse(s).toEpochMilli();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("cannot read time '" + text + "': use epoch seconds, epoch milliseconds, "
          + "2000-12-31, 2000-12-31T12:00 or 2000-12-31T12:00:00Z");
    }
  }
}
