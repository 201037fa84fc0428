package dev.veil.crypto;

import java.util.Objects;

/**
 * One version of a key-encryption key, as a {@link KeyProvider} reports it.
 *
 * @param id opaque, stable identifier of the version (stored next to every wrapped key)
 * @param state whether the version can still unwrap
 * @param primary whether new wraps use this version
 */
public record KekVersion(String id, State state, boolean primary) {
  public KekVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
  }

  /** Lifecycle of a KEK version. */
  public enum State {
    ENABLED,
    DISABLED
  }
}
