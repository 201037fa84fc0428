package dev.veil.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Inclusion and consistency proofs of RFC 9162 sections 2.1.3 and 2.1.4: how they are built from
 * the leaf hashes and how a verifier checks them against tree heads.
 *
 * <p>The builders read the roots of perfect subtrees from a {@link PerfectSubtrees}: with stored
 * subtree roots a proof needs O(log² n) look-ups; from a flat array of leaf hashes it costs O(n)
 * hashing. The verifiers cost O(log n) and need nothing but the proof.
 */
public final class MerkleProofs {

  /** Roots of the perfect subtrees of a tree; level 0 holds the leaf hashes. */
  @FunctionalInterface
  public interface PerfectSubtrees {
    /** The root of the subtree covering leaves {@code [index << level, (index + 1) << level)}. */
    byte[] root(int level, long index);
  }

  private MerkleProofs() {}

  /** Perfect subtrees computed on demand from {@code 32 * n} bytes of leaf hashes. */
  public static PerfectSubtrees fromLeaves(MerkleHash hash, byte[] leaves) {
    return new PerfectSubtrees() {
      @Override
      public byte[] root(int level, long index) {
        if (level == 0) {
          byte[] leaf = new byte[MerkleHash.SIZE];
          System.arraycopy(leaves, (int) index * MerkleHash.SIZE, leaf, 0, MerkleHash.SIZE);
          return leaf;
        }
        return hash.node(root(level - 1, 2 * index), root(level - 1, 2 * index + 1));
      }
    };
  }

  /** The RFC 9162 MTH of a tree of {@code size} leaves. */
  public static byte[] root(MerkleHash hash, PerfectSubtrees tree, long size) {
    return size == 0 ? hash.emptyRoot() : mth(hash, tree, 0, size);
  }

  /** The inclusion path of leaf {@code index} in a tree of {@code size} leaves. */
  public static List<byte[]> inclusionPath(
      MerkleHash hash, PerfectSubtrees tree, long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is outside a tree of size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    path(hash, tree, index, 0, size, path);
    return path;
  }

  /** The consistency proof between trees of {@code first} and {@code second} leaves. */
  public static List<byte[]> consistencyPath(
      MerkleHash hash, PerfectSubtrees tree, long first, long second) {
    if (first < 0 || first > second) {
      throw new IllegalArgumentException(
          "no consistency proof from size " + first + " to size " + second);
    }
    List<byte[]> path = new ArrayList<>();
    if (first > 0 && first < second) {
      subproof(hash, tree, first, 0, second, true, path);
    }
    return path;
  }

  /** The RFC 9162 MTH over the first {@code size} leaf hashes of {@code leaves}. */
  public static byte[] root(MerkleHash hash, byte[] leaves, long size) {
    checkSize(leaves, size);
    return root(hash, fromLeaves(hash, leaves), size);
  }

  /**
   * The inclusion path of leaf {@code index} in the tree of the first {@code size} leaves, leaf
   * side first (RFC 9162 PATH).
   */
  public static List<byte[]> inclusionPath(MerkleHash hash, byte[] leaves, long index, long size) {
    checkSize(leaves, size);
    return inclusionPath(hash, fromLeaves(hash, leaves), index, size);
  }

  /**
   * The consistency proof between the trees of the first {@code first} and {@code second} leaves
   * (RFC 9162 PROOF). Empty when {@code first} is 0 or equals {@code second}.
   */
  public static List<byte[]> consistencyPath(
      MerkleHash hash, byte[] leaves, long first, long second) {
    checkSize(leaves, second);
    return consistencyPath(hash, fromLeaves(hash, leaves), first, second);
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

  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static byte[] mth(MerkleHash hash, PerfectSubtrees tree, long from, long to) {
    long n = to - from;
    if (Long.bitCount(n) == 1 && from % n == 0) {
      return tree.root(Long.numberOfTrailingZeros(n), from / n);
    }
    long k = largestPowerOfTwoBelow(n);
    return hash.node(mth(hash, tree, from, from + k), mth(hash, tree, from + k, to));
  }

  private static void path(
      MerkleHash hash, PerfectSubtrees tree, long m, long from, long to, List<byte[]> out) {
    long n = to - from;
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(hash, tree, m, from, from + k, out);
      out.add(mth(hash, tree, from + k, to));
    } else {
      path(hash, tree, m - k, from + k, to, out);
      out.add(mth(hash, tree, from, from + k));
    }
  }

  private static void subproof(
      MerkleHash hash,
      PerfectSubtrees tree,
      long m,
      long from,
      long to,
      boolean complete,
      List<byte[]> out) {
    long n = to - from;
    if (m == n) {
      if (!complete) {
        out.add(mth(hash, tree, from, to));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(hash, tree, m, from, from + k, complete, out);
      out.add(mth(hash, tree, from + k, to));
    } else {
      subproof(hash, tree, m - k, from + k, to, false, out);
      out.add(mth(hash, tree, from, from + k));
    }
  }
}
