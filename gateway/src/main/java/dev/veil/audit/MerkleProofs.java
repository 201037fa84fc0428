package dev.veil.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Inclusion and consistency proofs of RFC 9162 sections 2.1.3 and 2.1.4: how they are built from
 * the leaf hashes and how a verifier checks them against tree heads.
 *
 * <p>The builders take every leaf hash of the tree in one flat array ({@code 32 * n} bytes), so a
 * proof costs O(n) hashing; the verifiers cost O(log n) and need nothing but the proof.
 */
public final class MerkleProofs {

  private MerkleProofs() {}

  /** The RFC 9162 MTH over the first {@code size} leaf hashes of {@code leaves}. */
  public static byte[] root(MerkleHash hash, byte[] leaves, long size) {
    checkSize(leaves, size);
    return size == 0 ? hash.emptyRoot() : mth(hash, leaves, 0, (int) size);
  }

  /**
   * The inclusion path of leaf {@code index} in the tree of the first {@code size} leaves, leaf
   * side first (RFC 9162 PATH).
   */
  public static List<byte[]> inclusionPath(MerkleHash hash, byte[] leaves, long index, long size) {
    checkSize(leaves, size);
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    path(hash, leaves, (int) index, 0, (int) size, path);
    return path;
  }

  /**
   * The consistency proof between the trees of the first {@code first} and {@code second} leaves
   * (RFC 9162 PROOF). Empty when {@code first} is 0 or equals {@code second}.
   */
  public static List<byte[]> consistencyPath(
      MerkleHash hash, byte[] leaves, long first, long second) {
    checkSize(leaves, second);
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + first + " to size " + second);
    }
    List<byte[]> path = new ArrayList<>();
    if (first > 0 && first < second) {
      subproof(hash, leaves, (int) first, 0, (int) second, true, path);
    }
    return path;
  }

  /**
   * Checks an inclusion proof (RFC 9162 section 2.1.3.2).
   *
   * @return whether {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose
   *     root is {@code root}
   */
  public static boolean verifyInclusion(
      MerkleHash hash, long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
    if (index < 0 || index >= size) {
      return false;
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hash.node(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = hash.node(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Checks a consistency proof (RFC 9162 section 2.1.4.2).
   *
   * @return whether the tree of {@code second} leaves with root {@code secondRoot} extends the tree
   *     of {@code first} leaves with root {@code firstRoot}
   */
  public static boolean verifyConsistency(
      MerkleHash hash,
      long first,
      long second,
      byte[] firstRoot,
      byte[] secondRoot,
      List<byte[]> path) {
    if (first < 0 || first > second) {
      return false;
    }
    if (first == second) {
      return path.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
    }
    if (first == 0) {
      return path.isEmpty() && MessageDigest.isEqual(firstRoot, hash.emptyRoot());
    }
    if (path.isEmpty()) {
      return false;
    }
    List<byte[]> nodes = path;
    if (Long.bitCount(first) == 1) {
      nodes = new ArrayList<>(path.size() + 1);
      nodes.add(firstRoot);
      nodes.addAll(path);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = nodes.get(0);
    byte[] sr = nodes.get(0);
    for (int i = 1; i < nodes.size(); i++) {
      byte[] c = nodes.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hash.node(c, fr);
        sr = hash.node(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = hash.node(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
  }

  private static void checkSize(byte[] leaves, long size) {
    if (size < 0 || size * MerkleHash.SIZE > leaves.length) {
      throw new IllegalArgumentException("tree size " + size + " exceeds the leaves given");
    }
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  private static byte[] mth(MerkleHash hash, byte[] leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      byte[] leaf = new byte[MerkleHash.SIZE];
      System.arraycopy(leaves, from * MerkleHash.SIZE, leaf, 0, MerkleHash.SIZE);
      return leaf;
    }
    int k = largestPowerOfTwoBelow(n);
    return hash.node(mth(hash, leaves, from, from + k), mth(hash, leaves, from + k, to));
  }

  private static void path(
      MerkleHash hash, byte[] leaves, int m, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(hash, leaves, m, from, from + k, out);
      out.add(mth(hash, leaves, from + k, to));
    } else {
      path(hash, leaves, m - k, from + k, to, out);
      out.add(mth(hash, leaves, from, from + k));
    }
  }

  private static void subproof(
      MerkleHash hash, byte[] leaves, int m, int from, int to, boolean complete, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(mth(hash, leaves, from, to));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(hash, leaves, m, from, from + k, complete, out);
      out.add(mth(hash, leaves, from + k, to));
    } else {
      subproof(hash, leaves, m - k, from + k, to, false, out);
      out.add(mth(hash, leaves, from, from + k));
    }
  }
}
