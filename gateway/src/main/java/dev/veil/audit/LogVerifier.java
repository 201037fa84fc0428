package dev.veil.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Recomputes a log entry by entry and checks it against its signed tree heads; shared by the
 * database check and the offline bundle check.
 *
 * <p>Entries are fed in stored order and never kept: memory is the O(log n) frontier, and each
 * entry costs one leaf hash plus the frontier's amortised one node hash. It stops at the first
 * problem, since after a removed or moved row everything that follows disagrees as well.
 */
final class LogVerifier {

  private final MerkleHash hash = new MerkleHash();
  private final MerkleFrontier frontier = MerkleFrontier.empty();
  private final List<SignedTreeHead> heads;
  private int nextHead;
  private int headsChecked;
  private long signedSize;
  private long count;
  private Long firstBad;
  private String problem;

  LogVerifier(List<SignedTreeHead> treeHeads, PublicKey key) {
    heads = new ArrayList<>(treeHeads);
    heads.sort(Comparator.comparingLong(SignedTreeHead::timestamp));
    long largest = 0;
    for (SignedTreeHead head : heads) {
      if (!TreeHeadSigner.verify(head, key)) {
        fail(null, "the tree head of size " + head.treeSize() + " issued at " + head.timestamp()
            + " does not carry a valid signature by this key");
        return;
      }
      if (head.treeSize() < largest) {
        fail(null, "the tree head issued at " + head.timestamp() + " has size " + head.treeSize()
            + ", smaller than an earlier head of size " + largest);
        return;
      }
      largest = head.treeSize();
    }
    heads.sort(
        Comparator.comparingLong(SignedTreeHead::treeSize)
            .thenComparingLong(SignedTreeHead::timestamp));
    checkHeadsAtCurrentSize();
  }

  boolean failed() {
    return problem != null;
  }

  long count() {
    return count;
  }

  long signedSize() {
    return signedSize;
  }

  /**
   * Feeds the entry stored at {@code index}.
   *
   * @param storedLeafHash the leaf hash stored beside the entry, or {@code null} when there is none
   * @return whether to keep going
   */
  boolean accept(long index, byte[] entry, int length, String storedLeafHash) {
    if (problem != null) {
      return false;
    }
    if (index != count) {
      fail(count, index > count
          ? "entry " + count + " is missing; the next stored entry is " + index
          : "entry " + index + " appears again after entry " + (count - 1));
      return false;
    }
    byte[] leaf = hash.leaf(entry, 0, length);
    if (storedLeafHash != null && !hexEquals(leaf, storedLeafHash)) {
      fail(index, "entry " + index + " does not hash to its stored leaf hash");
      return false;
    }
    long seq = AuditEntryCodec.seqOf(entry, length);
    if (seq != index) {
      long bad = seq < 0 ? index : Math.min(seq, index);
      fail(bad, seq < 0
          ? "entry " + index + " has no sequence number"
          : "the entry stored at " + index + " was written at position " + seq);
      return false;
    }
    frontier.append(hash, leaf);
    count++;
    checkHeadsAtCurrentSize();
    return problem == null;
  }

  /** Records a problem found outside the entries themselves. */
  void fail(Long index, String what) {
    if (problem == null) {
      firstBad = index;
      problem = what;
    }
  }

  byte[] root() {
    return frontier.root(hash);
  }

  /** Call after the last entry: signed tree heads larger than the log mean removed entries. */
  void endOfEntries() {
    if (problem == null && nextHead < heads.size()) {
      SignedTreeHead head = heads.get(nextHead);
      fail(count, "the log ends after " + count + " entries but a signed tree head covers "
          + head.treeSize());
    }
  }

  VerificationReport finish() {
    endOfEntries();
    return new VerificationReport(
        problem == null,
        count,
        signedSize,
        headsChecked,
        count - signedSize,
        MerkleHash.hex(frontier.root(hash)),
        firstBad,
        problem);
  }

  private void checkHeadsAtCurrentSize() {
    while (problem == null && nextHead < heads.size()
        && heads.get(nextHead).treeSize() == count) {
      SignedTreeHead head = heads.get(nextHead++);
      headsChecked++;
      if (!hexEquals(frontier.root(hash), head.rootHash())) {
        fail(signedSize, "the entries do not match the signed tree head of size " + count
            + "; the change lies at or after index " + signedSize + " and before " + count);
        return;
      }
      signedSize = count;
    }
  }

  static boolean hexEquals(byte[] hash, String hex) {
    if (hex == null || hex.length() != hash.length * 2) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < hash.length; i++) {
      diff |= (Character.digit(hex.charAt(2 * i), 16) << 4 | Character.digit(hex.charAt(2 * i + 1), 16))
          ^ (hash[i] & 0xff);
    }
    return diff == 0;
  }
}
