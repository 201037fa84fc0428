package dev.veil.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Seals small secrets that Veil must keep and use again (TOTP secrets of admin users, for example)
 * with AES-256-GCM (Tink), as base64 text that fits a database column.
 *
 * <p>The key is a Tink keyset sealed by the KEK and stored under a name in table {@code
 * sealed_keysets}, exactly like {@link KeyedHash}; {@link #loadOrCreate} makes it on first use, and
 * {@link KekRotation} rewraps it with every other keyset. Ciphertexts carry the Tink key id, so a
 * keyset that later gains keys still opens what older keys sealed.
 *
 * <p><b>Security guarantees:</b> confidentiality and integrity of the plaintext, and of its binding
 * to the {@link AssociatedData}: a sealed value copied to another record, field or tenant does not
 * open. Nothing here reveals plaintext in a message or {@code toString()}. Thread safe.
 */
public final class SecretBox {
  private final Aead aead;
  private final String name;

  private SecretBox(Aead aead, String name) {
    this.aead = aead;
    this.name = name;
  }

  /**
   * Loads the box named {@code name}, creating and storing a new AES-256-GCM keyset if there is
   * none.
   *
   * @throws CryptoException if the sealed keyset cannot be unwrapped
   */
  public static SecretBox loadOrCreate(DataSource keyDb, KeyProvider kek, String name) {
    TinkSupport.init();
    SealedKeysets store = new SealedKeysets(keyDb, kek);
    KeysetHandle handle =
        store.loadOrCreate(
            name,
            () -> {
              try {
                return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get());
              } catch (GeneralSecurityException e) {
                throw new CryptoException("cannot generate secret-box key", e);
              }
            });
    return new SecretBox(TinkSupport.aead(handle), name);
  }

  /** Seals {@code plaintext} bound to {@code ad}; the result is base64 (standard alphabet). */
  public String seal(byte[] plaintext, AssociatedData ad) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(ad, "ad");
    try {
      return Base64.getEncoder().encodeToString(aead.encrypt(plaintext, ad.encoded()));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot seal with " + name, e);
    }
  }

  /**
   * Opens what {@link #seal} made with the same {@code ad}.
   *
   * @throws CryptoException if {@code sealed} is malformed, was sealed under another key or
   *     associated data, or was altered
   */
  public byte[] open(String sealed, AssociatedData ad) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(ad, "ad");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("sealed value is not base64 (" + name + ")");
    }
    try {
      return aead.decrypt(raw, ad.encoded());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealed value does not open with " + name + " for " + ad);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[" + name + ", AES-256-GCM]";
  }
}
