package dev.veil.crypto;

import java.util.List;

/**
 * Holds the key-encryption key (KEK) that wraps every data key and sealed keyset.
 *
 * <p>Implementations: {@link LocalKeyProvider} (passphrase-protected Tink keyset file),
 * {@link Pkcs11KeyProvider} (HSM through SunPKCS11) and {@link KmsKeyProvider} (any cloud KMS
 * behind a {@link KmsClient}).
 *
 * <p><b>Security:</b> {@link #wrap} authenticates {@code context}; unwrapping with another context
 * fails. Unwrap tries the version named in the {@link WrappedKey}; a disabled version refuses.
 * Implementations are thread safe. Callers cache unwrapped keys so that request handling does not
 * call the provider after warm-up.
 */
public interface KeyProvider {

  /** Short name for logs and configuration: {@code local}, {@code pkcs11}, {@code kms}. */
  String name();

  /** Wraps {@code secret} under the primary KEK version, bound to {@code context}. */
  WrappedKey wrap(SecretBytes secret, AssociatedData context);

  /** Unwraps with the version that wrapped it. Throws {@link CryptoException} if it cannot. */
  SecretBytes unwrap(WrappedKey wrapped, AssociatedData context);

  /** Creates a new KEK version and makes it primary; returns it. Old versions stay enabled. */
  KekVersion rotate();

  /** All versions, oldest first. */
  List<KekVersion> versions();

  /**
   * Disables a version so that it no longer unwraps.
   *
   * <p><b>Warning:</b> rewrap every key first ({@link KekRotation}); keys still wrapped by a
   * disabled version become unreadable. The primary version cannot be disabled.
   */
  void disable(String versionId);

  /** The id of the primary version. */
  default String primaryVersion() {
    return versions().stream()
        .filter(KekVersion::primary)
        .map(KekVersion::id)
        .findFirst()
        .orElseThrow(() -> new CryptoException("key provider " + name() + " has no primary KEK"));
  }

  /**
   * Whether the KEK wraps and unwraps now: a fresh 32-byte secret makes the round trip (for
   * readiness probes; with an HSM or a KMS this is a call to it).
   */
  default boolean works() {
    try {
      SecretBytes probe = SecretBytes.random(32);
      AssociatedData context = AssociatedData.of("veil", "readiness", "kek");
      return unwrap(wrap(probe, context), context).equals(probe);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
