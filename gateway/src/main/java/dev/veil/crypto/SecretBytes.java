package dev.veil.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable secret byte string: a key, a passphrase, a raw keyset.
 *
 * <p><b>Security:</b> {@link #toString()} never shows the content, {@link #equals(Object)} runs in
 * time independent of where the contents differ, and {@link #hashCode()} depends only on the length.
 * The bytes come out only through {@link #reveal(InsecureKeyAccess)}, which returns a copy.
 */
public final class SecretBytes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller may wipe its array afterwards. */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /** Returns {@code length} bytes from a {@link SecureRandom}. */
  public static SecretBytes random(int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive, was " + length);
    }
    byte[] b = new byte[length];
    RANDOM.nextBytes(b);
    return new SecretBytes(b);
  }

  /** Number of secret bytes. */
  public int length() {
    return bytes.length;
  }

  /** Returns a copy of the secret bytes. The caller should wipe the copy when done with it. */
  public byte[] reveal(InsecureKeyAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }

  static void wipe(byte[] b) {
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }
}
