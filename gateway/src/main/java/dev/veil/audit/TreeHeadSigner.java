package dev.veil.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Signs and checks tree heads with Ed25519 (the JDK's provider).
 *
 * <p>The signed message is {@code "VEIL-AUDIT-STH-V1"} (17 ASCII bytes), then the tree size and
 * the timestamp in milliseconds as unsigned 64-bit big-endian integers, then the 32-byte root
 * hash: 65 bytes in all.
 */
public final class TreeHeadSigner {

  private static final byte[] DOMAIN = "VEIL-AUDIT-STH-V1".getBytes(StandardCharsets.US_ASCII);

  private final KeyPair keys;
  private final String keyId;

  public TreeHeadSigner(SigningKeySource source) {
    this.keys = source.keyPair();
    this.keyId = keyId(keys.getPublic());
  }

  /** The public key that checks this signer's tree heads. */
  public PublicKey publicKey() {
    return keys.getPublic();
  }

  /** The public key in PEM (SubjectPublicKeyInfo) form. */
  public String publicKeyPem() {
    return Pem.publicKey(keys.getPublic());
  }

  /** Signs the head of a tree. */
  public SignedTreeHead sign(long treeSize, long timestamp, byte[] root) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(keys.getPrivate());
      ed.update(message(treeSize, timestamp, root));
      return new SignedTreeHead(
          treeSize,
          timestamp,
          MerkleHash.hex(root),
          Base64.getEncoder().encodeToString(ed.sign()),
          keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a tree head", e);
    }
  }

  /** Whether {@code head} carries a valid signature by {@code key} over its own fields. */
  public static boolean verify(SignedTreeHead head, PublicKey key) {
    try {
      byte[] root = MerkleHash.parseHex(head.rootHash());
      byte[] signature = Base64.getDecoder().decode(head.signature());
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(message(head.treeSize(), head.timestamp(), root));
      return ed.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The exact bytes that are signed. */
  public static byte[] message(long treeSize, long timestamp, byte[] root) {
    return ByteBuffer.allocate(DOMAIN.length + 16 + MerkleHash.SIZE)
        .put(DOMAIN)
        .putLong(treeSize)
        .putLong(timestamp)
        .put(root)
        .array();
  }

  /** SHA-256 of the key's SubjectPublicKeyInfo DER, in hexadecimal. */
  public static String keyId(PublicKey key) {
    try {
      return MerkleHash.hex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Parses a PEM public key, as written by {@link #publicKeyPem()}. */
  public static PublicKey parsePublicKey(String pem) {
    return Pem.parsePublicKey(pem);
  }
}
