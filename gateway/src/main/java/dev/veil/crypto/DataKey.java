package dev.veil.crypto;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Objects;

/**
 * An unwrapped AES-256-GCM data key for one tenant and one retention period, ready to seal.
 *
 * <p>Obtain it from {@link DataKeys#keyFor(String, Instant)}. Instances are immutable, thread safe
 * and cached by {@link DataKeys}; sealing never calls the KEK provider.
 *
 * <p><b>Security guarantees:</b> {@link #seal} gives confidentiality and integrity of the content
 * and authenticity of the {@link AssociatedData}: the ciphertext opens only with exactly the same
 * tenant, record id and field. A fresh random nonce is used per call. The key is destroyed when its
 * period {@link #expiresAt() expires}; from then on nothing sealed under it can be opened.
 */
public final class DataKey {
  private final String id;
  private final String tenant;
  private final Instant expiresAt;
  private final Aead aead;

  DataKey(String id, String tenant, Instant expiresAt, Aead aead) {
    this.id = id;
    this.tenant = tenant;
    this.expiresAt = expiresAt;
    this.aead = aead;
  }

  /** Stable id of the key; store it next to the ciphertext. */
  public String id() {
    return id;
  }

  public String tenant() {
    return tenant;
  }

  /** End of the retention period: the key is destroyed at or after this instant. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** Seals {@code plaintext}; {@code ad} must belong to this key's tenant. */
  public byte[] seal(byte[] plaintext, AssociatedData ad) {
    Objects.requireNonNull(plaintext, "plaintext");
    checkTenant(ad);
    try {
      return aead.encrypt(plaintext, ad.encoded());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("seal failed under data key " + id, e);
    }
  }

  byte[] open(byte[] ciphertext, AssociatedData ad) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    checkTenant(ad);
    try {
      return aead.decrypt(ciphertext, ad.encoded());
    } catch (GeneralSecurityException e) {
      throw new CryptoException(
          "ciphertext does not open under data key " + id
              + " for this record and field (tampered, moved, or wrong key)");
    }
  }

  private void checkTenant(AssociatedData ad) {
    Objects.requireNonNull(ad, "ad");
    if (!tenant.equals(ad.tenant())) {
      throw new CryptoException("data key " + id + " belongs to another tenant");
    }
  }

  @Override
  public String toString() {
    return "DataKey[" + id + ", tenant=" + tenant + ", expiresAt=" + expiresAt + "]";
  }
}
