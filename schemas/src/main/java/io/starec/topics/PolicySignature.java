package io.starec.topics;

import io.starec.avro.PolicyUpdate;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The HMAC-SHA256 signature of a {@link PolicyUpdate}, carried in the {@value #HEADER} record header (no schema
 * change): the trainer signs what it publishes, and a gateway with the same key applies only updates it can verify.
 * The MAC covers a canonical encoding of every field of the record ({@link #canonical}), not the Avro bytes, so a
 * registry migration (other schema ids) does not invalidate signatures. The key comes from the file named by
 * {@value #KEY_FILE_CONFIG}, else from the environment variable {@value #KEY_ENV}, never from a properties file;
 * {@link #toString} never shows it.
 */
public final class PolicySignature {

  /** Record header holding {@code hmac-sha256:<64 hex digits>}. */
  public static final String HEADER = "starec.signature";
  /** Configuration key of both the gateway and the trainer. */
  public static final String KEY_FILE_CONFIG = "policy.signing.key.file";
  /** Environment variable holding the key itself when no file is named (e.g. from a Kubernetes secret). */
  public static final String KEY_ENV = "STAREC_POLICY_SIGNING_KEY";
  /** Shorter keys are refused: a guessable key signs nothing. */
  public static final int MIN_KEY_BYTES = 32;
  public static final String KEY_FILE_DOC = "File holding the HMAC-SHA256 key that signs policy updates (trainer) "
      + "and verifies them (gateway: unsigned or wrongly signed updates are refused and counted); surrounding "
      + "whitespace is dropped, at least " + MIN_KEY_BYTES + " bytes (e.g. openssl rand "
      + "-base64 32). Empty = the environment variable " + KEY_ENV + "; neither = updates are neither signed nor "
      + "checked. Both services need the same key.";

  private static final String SCHEME = "hmac-sha256:";
  private static final String ALGORITHM = "HmacSHA256";
  private static final String CANONICAL_VERSION = "starec.policy-update.v1";

  private final SecretKeySpec key;
  private final String source;

  private PolicySignature(byte[] key, String source) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.source = source;
  }

  /**
   * The key in {@code keyFile} when one is named (non-blank), else {@code env}'s {@value #KEY_ENV}, else empty.
   *
   * @throws ConfigException when the file cannot be read, or the key is shorter than the minimum
   */
  public static Optional<PolicySignature> resolve(String keyFile, Map<String, String> env) {
    if (keyFile != null && !keyFile.isBlank()) {
      String text;
      try {
        text = Files.readString(Path.of(keyFile.strip()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException(KEY_FILE_CONFIG, keyFile, "cannot read the policy signing key: " + e);
      }
      return Optional.of(of(text, "file " + keyFile.strip()));
    }
    String text = env.get(KEY_ENV);
    return text == null || text.isBlank() ? Optional.empty()
        : Optional.of(of(text, "environment variable " + KEY_ENV));
  }

  /** A signer with this key (surrounding whitespace dropped); {@code source} names it in messages. */
  public static PolicySignature of(String keyText, String source) {
    byte[] bytes = keyText.strip().getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_KEY_BYTES) {
      throw new ConfigException("the policy signing key from " + source + " has " + bytes.length + " bytes; at "
          + "least " + MIN_KEY_BYTES + " are needed (e.g. openssl rand -base64 32)");
    }
    return new PolicySignature(bytes, source);
  }

  /** Adds (replacing any) the {@value #HEADER} header for {@code update}. */
  public void sign(PolicyUpdate update, Headers headers) {
    headers.remove(HEADER);
    headers.add(HEADER, (SCHEME + HexFormat.of().formatHex(mac(update))).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code headers} carry a valid signature of {@code update}. */
  public Verdict verify(PolicyUpdate update, Headers headers) {
    Header h = headers.lastHeader(HEADER);
    if (h == null || h.value() == null) {
      return Verdict.UNSIGNED;
    }
    String text = new String(h.value(), StandardCharsets.UTF_8);
    byte[] claimed;
    try {
      claimed = text.startsWith(SCHEME) ? HexFormat.of().parseHex(text.substring(SCHEME.length())) : null;
    } catch (IllegalArgumentException e) {
      claimed = null;
    }
    // constant time: a forger learns nothing from how long the comparison took
    return claimed != null && MessageDigest.isEqual(claimed, mac(update)) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
  }

  /** The outcome of {@link #verify}. */
  public enum Verdict { VALID, UNSIGNED, BAD_SIGNATURE }

  private byte[] mac(PolicyUpdate update) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(canonical(update));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /**
   * Every field in schema order, each length-prefixed (absent optional fields marked), metrics sorted by name,
   * doubles by their bits: one byte string per record, however it was serialized. A field added to the schema
   * must be added here with a new {@code CANONICAL_VERSION}, or it would travel unsigned.
   */
  static byte[] canonical(PolicyUpdate u) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      string(out, CANONICAL_VERSION);
      string(out, u.getPolicyName());
      out.writeLong(u.getVersion());
      string(out, u.getKind());
      ByteBuffer payload = u.getPayload();
      if (payload == null) {
        out.writeBoolean(false);
      } else {
        ByteBuffer view = payload.duplicate(); // the record's own position stays where it is
        byte[] b = new byte[view.remaining()];
        view.get(b);
        out.writeBoolean(true);
        out.writeInt(b.length);
        out.write(b);
      }
      out.writeBoolean(u.getUri() != null);
      if (u.getUri() != null) {
        string(out, u.getUri());
      }
      Map<String, Double> metrics = new TreeMap<>(u.getMetrics());
      out.writeInt(metrics.size());
      for (Map.Entry<String, Double> m : metrics.entrySet()) {
        string(out, m.getKey());
        out.writeLong(Double.doubleToLongBits(m.getValue()));
      }
      out.writeLong(u.getCreatedMs());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static void string(DataOutputStream out, CharSequence s) throws IOException {
    byte[] b = String.valueOf(s).getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  @Override
  public String toString() {
    return "PolicySignature[hmac-sha256, key from " + source + "]";
  }
}
