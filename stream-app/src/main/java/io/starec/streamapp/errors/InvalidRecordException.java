package io.starec.streamapp.errors;

/**
 * A record that deserialized but makes no sense (missing ids, key not the user id, ...). Thrown by processors
 * before they change any state; the processing exception handler sends the original bytes to the DLQ.
 */
public class InvalidRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidRecordException(String message) {
    super(message);
  }
}
