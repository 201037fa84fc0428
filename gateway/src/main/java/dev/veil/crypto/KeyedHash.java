package dev.veil.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.HmacPrfKey;
import com.google.crypto.tink.prf.HmacPrfParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
 * stay hidden). Thread safe.
 *
 * <p>The key lives in Tink's keyset; the MAC itself is computed with the JDK's {@code HmacSHA256}
 * (the same function as Tink's HMAC-SHA256 PRF with 32 output bytes) from a {@link HmacPool}. Tink
 * keeps its MAC state per thread, and with a virtual thread per request that meant a provider
 * look-up and key schedule for every request.
 */
public final class KeyedHash {
  private final HmacPool hmac;

  private KeyedHash(HmacPool hmac) {
    this.hmac = hmac;
  }

  /**
   * Loads the keyed hash named {@code name}, creating and storing a new key if there is none.
   *
   * @throws CryptoException if the sealed keyset cannot be unwrapped
   */
  public static KeyedHash loadOrCreate(DataSource keyDb, KeyProvider kek, String name) {
    return loadOrAdopt(keyDb, kek, name, Optional::empty);
  }

  /**
   * As {@link #loadOrCreate}, except that when no key named {@code name} is stored yet, the bytes
   * {@code earlier} gives (if any) become the key instead of fresh random ones. This is how a
   * secret that one node kept elsewhere moves into the store unchanged, so that every hash made
   * under it still matches; once stored, {@code earlier} is never asked again, and every node that
   * opens the same store gets the same key.
   *
   * @param earlier 16 to 64 bytes of an HMAC-SHA256 key, or empty for a fresh key
   * @throws CryptoException if the sealed keyset cannot be unwrapped (another KEK sealed it)
   */
  public static KeyedHash loadOrAdopt(DataSource keyDb, KeyProvider kek, String name,
      Supplier<Optional<SecretBytes>> earlier) {
    TinkSupport.init();
    SealedKeysets store = new SealedKeysets(keyDb, kek);
    KeysetHandle handle = store.loadOrCreate(name, () -> {
      try {
        Optional<SecretBytes> adopted = earlier.get();
        return adopted.isEmpty()
            ? KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF,
                RegistryConfiguration.get())
            : imported(adopted.get());
      } catch (GeneralSecurityException e) {
        throw new CryptoException("cannot make keyed-hash key " + name, e);
      }
    });
    return of(handle, name);
  }

  private static KeysetHandle imported(SecretBytes key) throws GeneralSecurityException {
    byte[] raw = key.reveal(InsecureKeyAccess.get());
    try {
      HmacPrfParameters parameters = HmacPrfParameters.builder().setKeySizeBytes(raw.length)
          .setHashType(HmacPrfParameters.HashType.SHA256).build();
      HmacPrfKey prf = HmacPrfKey.builder().setParameters(parameters)
          .setKeyBytes(com.google.crypto.tink.util.SecretBytes.copyFrom(raw,
              InsecureSecretKeyAccess.get()))
          .build();
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(prf).withRandomId().makePrimary()).build();
    } finally {
      SecretBytes.wipe(raw);
    }
  }

  /** The keyed hash of an HMAC-SHA256 PRF keyset's primary key. */
  static KeyedHash of(KeysetHandle handle, String name) {
    if (!(handle.getPrimary().getKey() instanceof HmacPrfKey hmac)
        || hmac.getParameters().getHashType() != HmacPrfParameters.HashType.SHA256) {
      throw new CryptoException("keyed hash " + name + " is not an HMAC-SHA256 key");
    }
    return new KeyedHash(new HmacPool(hmac.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get())));
  }

  /** HMAC-SHA256 of {@code input}: 32 bytes. */
  public byte[] mac(byte[] input) {
    return hmac.mac(Objects.requireNonNull(input, "input"));
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
