package io.starec.gateway.openai;

import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * Maps what the SDK throws to a {@link BackendException}, with a message that names the server and the model
 * (never the key). Retried (by the gateway's resilience, the SDK's own retries are off): 429 (waiting at least
 * its {@code Retry-After}), 408, 409, 5xx, timeouts with time left and connection errors. Not retried: 400 and
 * 422 (this request), 401, 403, 404 and TLS trust failures (the gateway's setup), and an elapsed task deadline.
 */
final class OpenAiErrors {

  private static final int MAX_DETAIL = 300;

  private OpenAiErrors() {}

  /**
   * @param where e.g. "POST http://host/v1/chat/completions (model m)"
   * @param deadlineBound whether the call's timeout was the task deadline (not openai.call.timeout.ms)
   * @param deadlineMs the task deadline: a Retry-After past it is not waited for
   */
  static BackendException map(Throwable t, String where, boolean deadlineBound, long deadlineMs, Clock clock) {
    Throwable e = unwrap(t);
    if (e instanceof BackendException be) {
      return be;
    }
    if (e instanceof SseException sse) {
      return streamed(sse, where);
    }
    if (e instanceof OpenAIServiceException s) {
      return status(s, where, deadlineMs, clock);
    }
    if (e instanceof OpenAIIoException io) {
      return io(io, where, deadlineBound);
    }
    if (e instanceof OpenAIInvalidDataException bad) {
      return new BackendException(ErrorKind.PROTOCOL, where + ": unreadable answer: " + detail(bad.getMessage()), bad);
    }
    if (e instanceof CancellationException) {
      return new BackendException(ErrorKind.INTERNAL, where + ": cancelled", e);
    }
    return new BackendException(ErrorKind.INTERNAL, where + ": " + detail(String.valueOf(e)), e);
  }

  private static BackendException status(OpenAIServiceException s, String where, long deadlineMs, Clock clock) {
    int code = s.statusCode();
    String msg = where + " answered HTTP " + code + ": " + detail(message(s));
    return switch (code) {
      case 400, 422 -> new BackendException(ErrorKind.MODEL_ERROR, msg, s);
      case 401, 403 -> new BackendException(ErrorKind.REJECTED, msg
          + " (check the API key: openai.api.key.file or " + ApiKey.ENV + ")", s);
      case 404 -> new BackendException(ErrorKind.REJECTED, msg + " (check openai.base.url and openai.model)", s);
      case 429 -> waitOrGiveUp(ErrorKind.RESOURCE_EXHAUSTED, msg, s, deadlineMs, clock);
      case 408, 409 -> new BackendException(ErrorKind.UNAVAILABLE, msg, s);
      default -> code >= 500 ? waitOrGiveUp(ErrorKind.UNAVAILABLE, msg, s, deadlineMs, clock)
          : new BackendException(code >= 400 ? ErrorKind.MODEL_ERROR : ErrorKind.PROTOCOL, msg, s);
    };
  }

  /** A retryable failure that waits at least the server's Retry-After, unless that lands past the deadline. */
  private static BackendException waitOrGiveUp(ErrorKind kind, String msg, OpenAIServiceException s,
      long deadlineMs, Clock clock) {
    long after = retryAfterMs(s.headers(), clock);
    if (after > 0 && clock.millis() + after >= deadlineMs) {
      return new BackendException(ErrorKind.DEADLINE_EXCEEDED, msg + " (Retry-After " + after
          + " ms is past the task deadline)", s);
    }
    return new BackendException(kind, msg, s, after);
  }

  /** An error event inside a 200 stream: its own code says what it is. */
  private static BackendException streamed(SseException sse, String where) {
    int code = errorCode(sse.body());
    String msg = where + " sent an error event" + (code > 0 ? " (" + code + ")" : "") + ": " + detail(message(sse));
    if (code == 429) {
      return new BackendException(ErrorKind.RESOURCE_EXHAUSTED, msg, sse);
    }
    return new BackendException(code >= 500 ? ErrorKind.UNAVAILABLE : ErrorKind.MODEL_ERROR, msg, sse);
  }

  private static BackendException io(OpenAIIoException io, String where, boolean deadlineBound) {
    Throwable c = io.getCause() == null ? io : io.getCause();
    if (c instanceof SSLException) {
      return new BackendException(ErrorKind.REJECTED, where + ": TLS failed: " + detail(c.getMessage())
          + " (a self-signed server needs openai.tls.ca.file)", io);
    }
    if (c instanceof InterruptedIOException) { // OkHttp's call, connect and read timeouts
      return deadlineBound
          ? new BackendException(ErrorKind.DEADLINE_EXCEEDED, where + ": no answer before the task deadline", io)
          : new BackendException(ErrorKind.UNAVAILABLE, where + ": no answer within openai.call.timeout.ms", io);
    }
    return new BackendException(ErrorKind.UNAVAILABLE, where + ": connection failed: " + detail(String.valueOf(c)),
        io);
  }

  /**
   * How long the server asks to wait: {@code retry-after-ms} (OpenAI), else {@code Retry-After} in seconds or
   * as an HTTP date; 0 when absent or unreadable.
   */
  static long retryAfterMs(Headers h, Clock clock) {
    try {
      List<String> ms = h.values("retry-after-ms");
      if (!ms.isEmpty()) {
        return Math.max(0, (long) Double.parseDouble(ms.get(0).trim()));
      }
      List<String> v = h.values("retry-after");
      if (v.isEmpty()) {
        return 0;
      }
      String s = v.get(0).trim();
      try {
        return Math.max(0, (long) (Double.parseDouble(s) * 1000));
      } catch (NumberFormatException notSeconds) {
        ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      return 0;
    }
  }

  /** The server's own words: error.message when the body has the OpenAI shape, else the SDK's summary. */
  private static String message(OpenAIServiceException s) {
    String m = JsonFields.string(JsonFields.field(s.body(), "message"));
    return m != null ? m : String.valueOf(s.getMessage());
  }

  /** error.code as a number: vLLM and SGLang send the HTTP status there (400, 500), OpenAI a string. */
  private static int errorCode(JsonValue body) {
    JsonValue c = JsonFields.field(body, "code");
    Number n = JsonFields.number(c);
    if (n != null) {
      return n.intValue();
    }
    try {
      String s = JsonFields.string(c);
      return s == null ? 0 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String detail(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL) + "...";
  }
}
