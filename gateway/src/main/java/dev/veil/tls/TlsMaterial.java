package dev.veil.tls;

import java.nio.file.Path;
import java.security.KeyStore;

/**
 * A server's TLS identity, ready for the listener.
 *
 * @param keyStore an in-memory key store holding one entry, alias {@value #ALIAS}
 * @param password the in-memory store's password (random per start, never written anywhere)
 * @param caFile the generated CA certificate, or {@code null} for a configured certificate
 * @param caFingerprint the CA's SHA-256 fingerprint (colon-separated hex), or {@code null}
 */
public record TlsMaterial(KeyStore keyStore, char[] password, Path caFile, String caFingerprint) {
  /** The alias of the server entry in {@link #keyStore()}. */
  public static final String ALIAS = "veil";

  @Override
  public String toString() {
    return "TlsMaterial[" + (caFile == null ? "configured" : caFile) + "]";
  }
}
