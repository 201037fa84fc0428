package dev.veil.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.prf.PrfConfig;
import java.security.GeneralSecurityException;

/** Tink registration and the few conversions the providers share. */
final class TinkSupport {
  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TinkSupport() {}

  static void init() {
    // Loading the class runs the registration above.
  }

  static Aead aead(KeysetHandle handle) {
    try {
      return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot build AEAD from keyset", e);
    }
  }

  /** An AES-256-GCM AEAD over raw key bytes (from a KDF), without a Tink output prefix. */
  static Aead rawAesGcm(byte[] key) {
    try {
      AesGcmParameters params =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      AesGcmKey k =
          AesGcmKey.builder()
              .setParameters(params)
              .setKeyBytes(
                  com.google.crypto.tink.util.SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
              .build();
      KeysetHandle handle =
          KeysetHandle.newBuilder()
              .addEntry(KeysetHandle.importKey(k).withFixedId(1).makePrimary())
              .build();
      return aead(handle);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot build AES-GCM key", e);
    }
  }

  static SecretBytes serialize(KeysetHandle handle) {
    try {
      byte[] raw = TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
      SecretBytes s = SecretBytes.copyOf(raw);
      SecretBytes.wipe(raw);
      return s;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot serialise keyset", e);
    }
  }

  static KeysetHandle parse(SecretBytes serialized) {
    byte[] raw = serialized.reveal(InsecureKeyAccess.get());
    try {
      return TinkProtoKeysetFormat.parseKeyset(raw, InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cannot parse keyset", e);
    } finally {
      SecretBytes.wipe(raw);
    }
  }
}
