package io.starec.streamapp.errors;

import io.starec.schemas.registry.RegistryException;

/**
 * A record that cannot be decoded because the schema registry is unreachable is not poison: it is good input that
 * must be re-read after the outage, never dead-lettered and committed past.
 */
public final class RegistryOutage {

  private RegistryOutage() {}

  /** Whether {@code error} or one of its causes is a registry call that got no response. */
  public static boolean causedBy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryException r && r.isUnreachable()) {
        return true;
      }
    }
    return false;
  }
}
