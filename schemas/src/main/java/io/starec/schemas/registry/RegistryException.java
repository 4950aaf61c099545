package io.starec.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * A schema registry call failed. Carries the HTTP status (0 when no response arrived), the registry's
 * {@code error_code} (Confluent codes such as 40401/40403/409/42201; Apicurio sends 0 on a 409) and message.
 */
public class RegistryException extends KafkaException {
  /** Confluent: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Confluent: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;
  /** Confluent: schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;
  /** Confluent: incompatible schema. */
  public static final int INCOMPATIBLE_SCHEMA = 409;
  /** Confluent: invalid schema. */
  public static final int INVALID_SCHEMA = 42201;

  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;

  public RegistryException(String context, int httpStatus, int errorCode, String registryMessage, Throwable cause) {
    super(format(context, httpStatus, errorCode, registryMessage), cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }

  public RegistryException(String context, int httpStatus, int errorCode, String registryMessage) {
    this(context, httpStatus, errorCode, registryMessage, null);
  }

  /** HTTP status, 0 when the request never got a response (connection refused, timeout, TLS failure). */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, or -1 when the body had none. */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's own message (or the I/O failure's). */
  public String registryMessage() {
    return registryMessage;
  }

  /** 404 of any kind (unknown subject, version or schema id). */
  public boolean isNotFound() {
    return httpStatus == 404 || (errorCode >= 40400 && errorCode < 40500);
  }

  /** The schema was refused as incompatible (Confluent: 409/409, Apicurio: 409/0). */
  public boolean isIncompatible() {
    return httpStatus == 409 || errorCode == INCOMPATIBLE_SCHEMA;
  }

  /** No HTTP response: the registry could not be reached. */
  public boolean isUnreachable() {
    return httpStatus == 0;
  }

  /**
   * The registry could not answer, so the same call may succeed later unchanged: unreachable, timed out (408),
   * overloaded (429), failing (5xx), or refusing this client's credentials (401, 403: a rotation or a
   * misconfiguration, never the data's fault). A consumer waits for such a failure to pass instead of
   * dead-lettering the record it was decoding; not-found, incompatible and invalid schemas are verdicts instead.
   */
  public boolean isOutage() {
    return httpStatus == 0 || httpStatus == 401 || httpStatus == 403 || httpStatus == 408 || httpStatus == 429
        || httpStatus >= 500;
  }

  private static String format(String context, int status, int code, String message) {
    StringBuilder sb = new StringBuilder(context);
    if (status == 0) {
      sb.append(": registry unreachable");
    } else {
      sb.append(": HTTP ").append(status);
      if (code >= 0) {
        sb.append(", error_code ").append(code);
      }
      if (status == 409 || code == INCOMPATIBLE_SCHEMA) {
        sb.append(" (incompatible schema)");
      }
    }
    if (message != null && !message.isBlank()) {
      sb.append(": ").append(message);
    }
    return sb.toString();
  }
}
