package dev.veil.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text for Ed25519 keys: PKCS#8 {@code PRIVATE KEY} and SubjectPublicKeyInfo {@code PUBLIC KEY}. */
final class Pem {

  private Pem() {}

  static String publicKey(PublicKey key) {
    return wrap("PUBLIC KEY", key.getEncoded());
  }

  static String privateKey(PrivateKey key) {
    return wrap("PRIVATE KEY", key.getEncoded());
  }

  static PublicKey parsePublicKey(String pem) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(unwrap("PUBLIC KEY", pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }

  static PrivateKey parsePrivateKey(String pem) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(unwrap("PRIVATE KEY", pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
  }

  private static String wrap(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static byte[] unwrap(String label, String pem) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("no PEM block labelled " + label);
    }
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }
}
