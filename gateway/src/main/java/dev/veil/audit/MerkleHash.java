package dev.veil.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two hash functions of an RFC 9162 (Certificate Transparency v2) Merkle tree, over SHA-256.
 *
 * <p>{@code leaf = SHA-256(0x00 || entry)} and {@code node = SHA-256(0x01 || left || right)}. The
 * domain-separation prefixes stop a leaf from being passed off as an interior node.
 *
 * <p>Instances hold a reusable {@link MessageDigest} and are not thread-safe; make one per thread.
 */
public final class MerkleHash {

  /** Length of every hash in bytes. */
  public static final int SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private final MessageDigest sha256;

  public MerkleHash() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The hash of a tree with no leaves: SHA-256 of the empty string. */
  public byte[] emptyRoot() {
    return sha256.digest(new byte[0]);
  }

  /** The leaf hash of a whole entry. */
  public byte[] leaf(byte[] entry) {
    return leaf(entry, 0, entry.length);
  }

  /** The leaf hash of {@code entry[offset, offset + length)}. */
  public byte[] leaf(byte[] entry, int offset, int length) {
    sha256.update(LEAF_PREFIX);
    sha256.update(entry, offset, length);
    return sha256.digest();
  }

  /** The interior node hash over two child hashes. */
  public byte[] node(byte[] left, byte[] right) {
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** Lower-case hexadecimal form of a hash, the form used in JSON and in the database. */
  public static String hex(byte[] hash) {
    return HEX.formatHex(hash);
  }

  /**
   * Parses a lower- or upper-case hexadecimal hash.
   *
   * @throws IllegalArgumentException if it is not exactly 32 bytes of hexadecimal
   */
  public static byte[] parseHex(String hex) {
    if (hex == null || hex.length() != SIZE * 2) {
      throw new IllegalArgumentException("a hash must be 64 hexadecimal digits");
    }
    return HEX.parseHex(hex);
  }
}
