package dev.veil.protect;

/**
 * A keyed pseudo-random function, such as HMAC-SHA256 under a per-deployment key, from which
 * surrogates and hashes are derived.
 *
 * <h2>Security</h2>
 * Implementations must be deterministic for the life of the key (the same input always gives the
 * same output, so surrogates stay stable across turns and nodes), must return at least 8 bytes, and
 * must not be invertible without the key. The key never leaves the implementation.
 */
@FunctionalInterface
public interface KeyedHash {

  /** The MAC of {@code input}; at least 8 bytes. */
  byte[] mac(byte[] input);
}
