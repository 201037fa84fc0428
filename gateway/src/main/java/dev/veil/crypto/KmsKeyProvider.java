package dev.veil.crypto;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link KeyProvider} backed by a cloud KMS through a {@link KmsClient}.
 *
 * <p><b>Security:</b> the plaintext sent to the KMS is {@code SHA-256(context) || secret}, and the
 * context is also passed as associated data; unwrap checks the digest in constant time. So a wrapped
 * key moved to another row is refused even by a KMS that has no associated data.
 */
public final class KmsKeyProvider implements KeyProvider {
  private static final int DIGEST = 32;

  private final KmsClient kms;

  public KmsKeyProvider(KmsClient kms) {
    this.kms = Objects.requireNonNull(kms, "kms");
  }

  @Override
  public String name() {
    return "kms";
  }

  @Override
  public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
    byte[] s = secret.reveal(InsecureKeyAccess.get());
    byte[] bound = ByteBuffer.allocate(DIGEST + s.length).put(digest(context)).put(s).array();
    try {
      KmsClient.Encrypted e = kms.encrypt(bound, context.encoded());
      return new WrappedKey(e.keyVersion(), e.ciphertext());
    } finally {
      SecretBytes.wipe(s);
      SecretBytes.wipe(bound);
    }
  }

  @Override
  public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
    byte[] bound = kms.decrypt(wrapped.kekVersion(), wrapped.ciphertext(), context.encoded());
    try {
      if (bound.length <= DIGEST
          || !MessageDigest.isEqual(Arrays.copyOf(bound, DIGEST), digest(context))) {
        throw new CryptoException("KMS unwrap: key belongs to another context (version " + wrapped.kekVersion() + ")");
      }
      return SecretBytes.copyOf(Arrays.copyOfRange(bound, DIGEST, bound.length));
    } finally {
      SecretBytes.wipe(bound);
    }
  }

  @Override
  public KekVersion rotate() {
    String id = kms.rotate();
    return new KekVersion(id, KekVersion.State.ENABLED, true);
  }

  @Override
  public List<KekVersion> versions() {
    return kms.versions();
  }

  @Override
  public void disable(String versionId) {
    if (versionId.equals(primaryVersion())) {
      throw new IllegalStateException("cannot disable the primary KEK version " + versionId);
    }
    kms.disable(versionId);
  }

  private static byte[] digest(AssociatedData context) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(context.encoded());
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("SHA-256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "KmsKeyProvider[" + kms.keyUri() + "]";
  }
}
