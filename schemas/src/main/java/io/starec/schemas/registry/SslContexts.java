package io.starec.schemas.registry;

import static io.starec.schemas.registry.SchemaRegistryConfig.string;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the registry client's SSLContext from {@code schema.registry.ssl.*} settings. */
final class SslContexts {
  private SslContexts() {}

  /** Null when no trust/key store is configured (the JDK defaults then apply). */
  static SSLContext fromConfig(Map<String, ?> cfg) {
    String trustLocation = string(cfg, SchemaRegistryConfig.SSL_TRUSTSTORE_LOCATION);
    String keyLocation = string(cfg, SchemaRegistryConfig.SSL_KEYSTORE_LOCATION);
    if (trustLocation == null && keyLocation == null) {
      return null;
    }
    try {
      TrustManagerFactory tmf = null;
      if (trustLocation != null) {
        KeyStore trust = load(trustLocation, string(cfg, SchemaRegistryConfig.SSL_TRUSTSTORE_PASSWORD),
            string(cfg, SchemaRegistryConfig.SSL_TRUSTSTORE_TYPE));
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (keyLocation != null) {
        String storePassword = string(cfg, SchemaRegistryConfig.SSL_KEYSTORE_PASSWORD);
        KeyStore keys = load(keyLocation, storePassword, string(cfg, SchemaRegistryConfig.SSL_KEYSTORE_TYPE));
        String keyPassword = string(cfg, SchemaRegistryConfig.SSL_KEY_PASSWORD);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, chars(keyPassword != null ? keyPassword : storePassword));
      }
      String protocol = string(cfg, SchemaRegistryConfig.SSL_PROTOCOL);
      SSLContext ctx = SSLContext.getInstance(protocol != null ? protocol : "TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot build the schema registry TLS context from "
          + "schema.registry.ssl.* settings: " + e, e);
    }
  }

  private static KeyStore load(String location, String password, String type) throws Exception {
    KeyStore store = KeyStore.getInstance(type != null ? type : "JKS");
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
