package dev.veil.crypto;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, on initialised {@link Mac} instances kept in a fixed array of slots
 * (taking or returning one allocates nothing). With a virtual thread per request, a {@code Mac} per
 * thread or per call would mean a provider look-up and a key schedule for every request. Thread
 * safe.
 *
 * <h2>Security</h2>
 * Holds the key for the life of the pool; never shows it ({@link #toString()} names only the
 * algorithm).
 */
public final class HmacPool {
  private static final String ALGORITHM = "HmacSHA256";
  /** Idle instances kept; more callers at once make their own and drop the extras. */
  private static final int SLOTS = 16;

  private final SecretKeySpec key;
  private final AtomicReferenceArray<Mac> idle = new AtomicReferenceArray<>(SLOTS);

  /** @param key the raw key bytes (copied) */
  public HmacPool(byte[] key) {
    this.key = new SecretKeySpec(key, ALGORITHM);
    idle.set(0, newMac());
  }

  /** HMAC-SHA256 of {@code input}: 32 bytes. */
  public byte[] mac(byte[] input) {
    Mac mac = null;
    for (int k = 0; k < SLOTS && mac == null; k++) {
      if (idle.get(k) != null) {
        mac = idle.getAndSet(k, null);
      }
    }
    if (mac == null) {
      mac = newMac();
    }
    byte[] out = mac.doFinal(input);
    for (int k = 0; k < SLOTS; k++) {
      if (idle.get(k) == null && idle.compareAndSet(k, null, mac)) {
        break;
      }
    }
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
