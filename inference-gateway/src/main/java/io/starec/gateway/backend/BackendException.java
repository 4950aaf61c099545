package io.starec.gateway.backend;

/** A failed backend call with its {@link ErrorKind}. */
public class BackendException extends RuntimeException {

  private final ErrorKind kind;
  private final long retryAfterMs;

  public BackendException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public BackendException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, cause, 0);
  }

  /** @param retryAfterMs how long the server asked to wait before a retry (HTTP Retry-After), 0 = no ask */
  public BackendException(ErrorKind kind, String message, Throwable cause, long retryAfterMs) {
    super(message, cause);
    this.kind = kind;
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The server's minimum wait before a retry, 0 when it named none; retries wait at least this long. */
  public long retryAfterMs() {
    return retryAfterMs;
  }

  /** "kind: message", the form stored in {@code InferenceResult.error}. */
  public String describe() {
    return kind.tag() + ": " + getMessage();
  }
}
