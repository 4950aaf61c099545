package io.starec.gateway.triton;

/** The server or model is not usable: raised at start so the gateway fails fast with the reason. */
public class TritonSetupException extends RuntimeException {

  public TritonSetupException(String message) {
    super(message);
  }

  public TritonSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
