package dev.veil.crypto;

import java.util.List;

/**
 * The calls Veil needs from a cloud KMS. Adapters for AWS KMS, Google Cloud KMS, Azure Key Vault and
 * HashiCorp Vault Transit implement it; {@link KmsKeyProvider} turns one into a {@link KeyProvider}.
 *
 * <p>Contract for implementations: the key never leaves the KMS; {@link #encrypt} uses the primary
 * version and reports which version it used; {@link #decrypt} uses exactly the version given and
 * fails if it is disabled; every failure throws (a {@link CryptoException} whose message names the
 * operation and key version, never the plaintext). Associated data is passed where the service
 * supports it (AWS encryption context, GCP additional authenticated data, Vault Transit context);
 * {@link KmsKeyProvider} also binds it inside the plaintext, so a service without it stays safe.
 * Implementations must be thread safe and should time out rather than hang.
 */
public interface KmsClient {

  /** The key's URI, e.g. {@code aws-kms://arn:aws:kms:...}, {@code gcp-kms://projects/...}. */
  String keyUri();

  /** A ciphertext and the key version that made it. */
  record Encrypted(String keyVersion, byte[] ciphertext) {}

  Encrypted encrypt(byte[] plaintext, byte[] associatedData);

  byte[] decrypt(String keyVersion, byte[] ciphertext, byte[] associatedData);

  /** Creates a new primary key version in the KMS; returns its id. */
  String rotate();

  /** The key's versions, oldest first. */
  List<KekVersion> versions();

  /** Disables a version in the KMS. */
  void disable(String keyVersion);
}
