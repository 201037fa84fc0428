package dev.veil.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.Prf;
import com.google.crypto.tink.prf.PrfSet;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A keyed hash (HMAC-SHA256 PRF, Tink) for pseudonym surrogates and blind indexes.
 *
 * <p>The key is a Tink keyset sealed by the KEK and stored under a name in table {@code
 * sealed_keysets}; {@link #loadOrCreate} makes it on first use. The same name always yields the
 * same function, across restarts, nodes and KEK rotations.
 *
 * <p><b>Security guarantees:</b> without the key, outputs reveal nothing about inputs and cannot be
 * computed; equal inputs give equal outputs (that is the point: do not use it where equality must
 * stay hidden). Thread safe; {@link #mac} does not allocate beyond its result and Tink's MAC state.
 */
public final class KeyedHash {
  private final Prf prf;

  private KeyedHash(Prf prf) {
    this.prf = prf;
  }

  /**
   * Loads the keyed hash named {@code name}, creating and storing a new key if there is none.
   *
   * @throws CryptoException if the sealed keyset cannot be unwrapped
   */
  public static KeyedHash loadOrCreate(DataSource keyDb, KeyProvider kek, String name) {
    TinkSupport.init();
    SealedKeysets store = new SealedKeysets(keyDb, kek);
    KeysetHandle handle =
        store.loadOrCreate(
            name,
            () -> {
              try {
                return KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF, RegistryConfiguration.get());
              } catch (GeneralSecurityException e) {
                throw new CryptoException("cannot generate keyed-hash key", e);
              }
            });
    try {
      PrfSet set = handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class);
      return new KeyedHash(set.getPrfs().get(set.getPrimaryId()));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot build keyed hash " + name, e);
    }
  }

  /** HMAC-SHA256 of {@code input}: 32 bytes. */
  public byte[] mac(byte[] input) {
    Objects.requireNonNull(input, "input");
    try {
      return prf.compute(input, 32);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("keyed hash failed", e);
    }
  }

  /** The first {@code bytes} bytes of {@link #mac} as lowercase hex. */
  public String hex(byte[] input, int bytes) {
    if (bytes < 1 || bytes > 32) {
      throw new IllegalArgumentException("bytes must be 1..32, was " + bytes);
    }
    return HexFormat.of().formatHex(mac(input), 0, bytes);
  }

  @Override
  public String toString() {
    return "KeyedHash[HMAC-SHA256]";
  }
}
