package io.starec.gateway.openai;

import org.apache.kafka.common.config.ConfigException;

/**
 * The server, its key or its model is not usable: raised at start so the gateway fails fast with the reason, as a
 * configuration error (the message names the keys to check).
 */
public class OpenAiSetupException extends ConfigException {

  public OpenAiSetupException(String message) {
    super(message);
  }
}
