package dev.veil.crypto;

import java.util.Objects;

/**
 * A secret wrapped (encrypted) by a key-encryption key.
 *
 * @param kekVersion the {@link KekVersion#id()} that wrapped it
 * @param ciphertext the wrapped bytes; not secret, but only meaningful to the provider
 */
public record WrappedKey(String kekVersion, byte[] ciphertext) {
  public WrappedKey {
    Objects.requireNonNull(kekVersion, "kekVersion");
    ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey other
        && kekVersion.equals(other.kekVersion)
        && java.util.Arrays.equals(ciphertext, other.ciphertext);
  }

  @Override
  public int hashCode() {
    return kekVersion.hashCode() * 31 + java.util.Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "WrappedKey[kekVersion=" + kekVersion + ", " + ciphertext.length + " bytes]";
  }
}
