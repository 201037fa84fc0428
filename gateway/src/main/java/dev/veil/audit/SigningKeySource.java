package dev.veil.audit;

import java.security.KeyPair;

/**
 * Where the Ed25519 key that signs tree heads comes from.
 *
 * <p>The default keeps it in the data directory ({@link FileSigningKeySource}); a source that
 * seals it under the key-encryption key can replace it without touching the log.
 *
 * <p><b>Security:</b> whoever holds the private key can sign any tree head; keep it out of the
 * database that holds the log, so one stolen backup is not enough to rewrite history.
 */
public interface SigningKeySource {

  /** The Ed25519 key pair, created on first use if the source supports that. */
  KeyPair keyPair();
}
