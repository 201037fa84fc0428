package dev.veil.crypto;

/** The data key a ciphertext was sealed under no longer exists: its retention period expired. */
public final class KeyDestroyedException extends CryptoException {
  public KeyDestroyedException(String keyId) {
    super("data key " + keyId + " has been destroyed or never existed");
  }
}
