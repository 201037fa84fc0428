package dev.veil.crypto;

/**
 * A sealing, opening or key operation failed. Callers must treat it as "refuse": fail closed.
 *
 * <p><b>Security:</b> messages name the operation and identifiers (key id, KEK version), never
 * plaintext, key material or passphrases.
 */
public class CryptoException extends RuntimeException {
  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
