package io.starec.streamapp.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * The token that endpoints returning user data require as {@code Authorization: Bearer <token>}, read from a file
 * ({@code http.auth.token.file}) so it is never a command-line argument or a logged setting. Comparison is in
 * constant time: both sides are hashed first, so neither content nor length leaks through timing.
 */
public final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] expectedHash; // null: no token configured, requests pass

  private BearerToken(byte[] expectedHash) {
    this.expectedHash = expectedHash;
  }

  /** No token: every request passes (only sensible while the service binds 127.0.0.1). */
  public static BearerToken none() {
    return new BearerToken(null);
  }

  /** The token itself (tests, tools). */
  public static BearerToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("an empty token would let everyone in");
    }
    return new BearerToken(sha256(token.strip()));
  }

  /**
   * The token in {@code file} (surrounding whitespace and the trailing newline ignored).
   *
   * @param key the setting that named the file, for the error message
   * @throws ConfigException when the file cannot be read or holds no token
   */
  public static BearerToken fromFile(Path file, String key) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException(key, file.toString(), "cannot read the token file: " + e.getMessage());
    }
    if (token.isEmpty()) {
      throw new ConfigException(key, file.toString(), "the token file is empty");
    }
    return of(token);
  }

  public boolean required() {
    return expectedHash != null;
  }

  /** Whether the request carries the token (always, when none is required). */
  public boolean allows(HttpExchange ex) {
    return allows(ex.getRequestHeaders().getFirst("Authorization"));
  }

  /** Whether an {@code Authorization} header value carries the token. */
  boolean allows(String authorization) {
    if (expectedHash == null) {
      return true;
    }
    if (authorization == null || authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    return MessageDigest.isEqual(expectedHash, sha256(authorization.substring(SCHEME.length()).strip()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
