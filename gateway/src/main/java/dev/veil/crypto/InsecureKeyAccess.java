package dev.veil.crypto;

/**
 * Access token for raw secret material.
 *
 * <p>Every place that reads the bytes inside a {@link SecretBytes} must pass this token, and the
 * only way to get one is {@link #get()}. A grep for {@code InsecureKeyAccess} therefore lists every
 * escape hatch in the code base.
 *
 * <p><b>Warning:</b> use it only where the bytes are handed straight to a cryptographic primitive or
 * a key store, never to build a string, a log line or an exception message.
 */
public final class InsecureKeyAccess {
  private static final InsecureKeyAccess INSTANCE = new InsecureKeyAccess();

  private InsecureKeyAccess() {}

  /** Returns the token. Calling this is a statement that the caller handles raw key material. */
  public static InsecureKeyAccess get() {
    return INSTANCE;
  }
}
