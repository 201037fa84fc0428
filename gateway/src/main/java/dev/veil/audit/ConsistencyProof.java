package dev.veil.audit;

import java.util.List;

/**
 * Proof that the tree of {@code toSize} entries extends the tree of {@code fromSize} entries (RFC
 * 9162 section 2.1.4), checkable with {@link MerkleProofs#verifyConsistency}.
 *
 * @param fromSize size of the older tree
 * @param toSize size of the newer tree
 * @param fromRoot root of the older tree, hexadecimal
 * @param toRoot root of the newer tree, hexadecimal
 * @param path the consistency proof, hexadecimal
 * @param fromTreeHead a signed tree head at {@code fromSize}, or {@code null} if none was issued
 * @param toTreeHead a signed tree head at {@code toSize}, or {@code null} if none was issued
 */
public record ConsistencyProof(
    long fromSize,
    long toSize,
    String fromRoot,
    String toRoot,
    List<String> path,
    SignedTreeHead fromTreeHead,
    SignedTreeHead toTreeHead) {

  /** The proof as indented JSON. */
  public String toJson() {
    return Reports.toJson(this);
  }
}
