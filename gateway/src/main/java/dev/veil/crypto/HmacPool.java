package dev.veil.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, on initialised {@link Mac} instances kept in an {@link InstancePool}.
 * A {@code Mac} per call would mean a provider look-up and a key schedule for every request.
 * Thread safe.
 *
 * <h2>Security</h2>
 * Holds the key for the life of the pool; never shows it ({@link #toString()} names only the
 * algorithm).
 */
public final class HmacPool {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final InstancePool<Mac> idle = new InstancePool<>(this::newMac);

  /** @param key the raw key bytes (copied) */
  public HmacPool(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    idle.give(newMac());
  }

  /** HMAC-SHA256 of {@code input}: 32 bytes. */
  public byte[] mac(byte[] input) {
    Mac mac = idle.take();
    byte[] out = mac.doFinal(input);
    idle.give(mac);
    return out;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "HmacPool[HMAC-SHA256]";
  }
}
