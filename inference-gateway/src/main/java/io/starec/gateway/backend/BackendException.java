package io.starec.gateway.backend;

/** A failed backend call with its {@link ErrorKind}. */
public class BackendException extends RuntimeException {

  private final ErrorKind kind;

  public BackendException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  public BackendException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** "kind: message", the form stored in {@code InferenceResult.error}. */
  public String describe() {
    return kind.tag() + ": " + getMessage();
  }
}
