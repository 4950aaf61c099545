package io.starec.gateway.triton;

import java.nio.file.Path;

/**
 * Where and how to reach Triton.
 *
 * @param url {@code host:port}, {@code grpc://host:port} or {@code grpcs://host:port} (TLS)
 * @param model model name (e.g. the vLLM model, or the TensorRT-LLM {@code ensemble})
 * @param modelVersion version, empty = the server's policy
 * @param profile request layout
 * @param tls use TLS (also implied by grpcs://)
 * @param caFile PEM trust roots; null = the JVM's
 * @param certFile PEM client certificate chain for mTLS, or null
 * @param keyFile PEM client private key (PKCS#8) for mTLS, or null
 * @param authority override of the TLS authority / server name, or null
 * @param callTimeoutMs per-call deadline (the task's deadline wins when earlier)
 * @param stream ask the model to stream tokens (responses are concatenated either way)
 * @param logprobs ask for the cumulative log-probability when the model offers it
 * @param maxMessageBytes largest response message accepted
 */
public record TritonSettings(String url, String model, String modelVersion, TritonProfile profile, boolean tls,
                             Path caFile, Path certFile, Path keyFile, String authority, long callTimeoutMs,
                             boolean stream, boolean logprobs, int maxMessageBytes) {

  public static TritonSettings of(String url, String model, TritonProfile profile) {
    return new TritonSettings(url, model, "", profile, false, null, null, null, null, 120_000, false, true,
        16 << 20);
  }

  /** The gRPC target without scheme. */
  public String target() {
    if (url.startsWith("grpcs://")) {
      return url.substring("grpcs://".length());
    }
    if (url.startsWith("grpc://")) {
      return url.substring("grpc://".length());
    }
    return url;
  }

  public boolean useTls() {
    return tls || url.startsWith("grpcs://");
  }
}
