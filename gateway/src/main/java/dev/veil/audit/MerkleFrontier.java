package dev.veil.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact state of an append-only Merkle tree: the roots of its perfect subtrees, largest
 * first, one per set bit of the tree size.
 *
 * <p>Appending a leaf merges equal-sized subtrees like a binary counter carries, so it costs
 * O(log n) hashes; the root hash folds the subtree roots from the right, which is exactly the
 * RFC 9162 MTH with its split at the largest power of two smaller than n.
 */
public final class MerkleFrontier {

  private final List<byte[]> subtrees;
  private long size;

  private MerkleFrontier(long size, List<byte[]> subtrees) {
    this.size = size;
    this.subtrees = subtrees;
  }

  /** An empty tree. */
  public static MerkleFrontier empty() {
    return new MerkleFrontier(0, new ArrayList<>(64));
  }

  /**
   * Restores a frontier from its {@link #encode() encoded} form.
   *
   * @throws IllegalArgumentException if the encoding does not fit the size
   */
  public static MerkleFrontier decode(long size, String encoded) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    int count = Long.bitCount(size);
    if (encoded.length() != count * MerkleHash.SIZE * 2) {
      throw new IllegalArgumentException(
          "frontier of tree size " + size + " needs " + count + " hashes");
    }
    List<byte[]> hashes = new ArrayList<>(64);
    for (int i = 0; i < count; i++) {
      int start = i * MerkleHash.SIZE * 2;
      hashes.add(MerkleHash.parseHex(encoded.substring(start, start + MerkleHash.SIZE * 2)));
    }
    return new MerkleFrontier(size, hashes);
  }

  /** The subtree roots as one hexadecimal string, largest subtree first. */
  public String encode() {
    StringBuilder out = new StringBuilder(subtrees.size() * MerkleHash.SIZE * 2);
    for (byte[] h : subtrees) {
      out.append(MerkleHash.hex(h));
    }
    return out.toString();
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /** Receives each perfect subtree completed by an append. */
  @FunctionalInterface
  public interface NodeSink {
    /** The subtree at {@code level} (1 = two leaves) and position {@code index} in that level. */
    void completed(int level, long index, byte[] hash);
  }

  /** Appends one leaf hash. */
  public void append(MerkleHash hash, byte[] leafHash) {
    append(hash, leafHash, null);
  }

  /** Appends one leaf hash, reporting the perfect subtrees it completes to {@code sink}. */
  public void append(MerkleHash hash, byte[] leafHash, NodeSink sink) {
    byte[] carry = leafHash;
    int level = 0;
    for (long s = size; (s & 1) == 1; s >>>= 1) {
      carry = hash.node(subtrees.remove(subtrees.size() - 1), carry);
      level++;
      if (sink != null) {
        sink.completed(level, size >>> level, carry);
      }
    }
    subtrees.add(carry);
    size++;
  }

  /** The RFC 9162 Merkle tree hash of the leaves appended so far. */
  public byte[] root(MerkleHash hash) {
    if (subtrees.isEmpty()) {
      return hash.emptyRoot();
    }
    byte[] root = subtrees.get(subtrees.size() - 1);
    for (int i = subtrees.size() - 2; i >= 0; i--) {
      root = hash.node(subtrees.get(i), root);
    }
    return root;
  }
}
