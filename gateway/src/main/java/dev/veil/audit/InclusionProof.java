package dev.veil.audit;

import java.util.List;

/**
 * Proof that entry {@code index} is in the tree described by {@code treeHead} (RFC 9162 section
 * 2.1.3), checkable with {@link MerkleProofs#verifyInclusion}.
 *
 * @param index position of the entry
 * @param treeSize size of the tree the proof is for, equal to {@code treeHead.treeSize()}
 * @param entry the entry's canonical JSON
 * @param leafHash RFC 9162 leaf hash of {@code entry}, hexadecimal
 * @param path the inclusion path, leaf side first, hexadecimal
 * @param treeHead the signed tree head the path leads to
 */
public record InclusionProof(
    long index,
    long treeSize,
    String entry,
    String leafHash,
    List<String> path,
    SignedTreeHead treeHead) {

  /** The proof as indented JSON. */
  public String toJson() {
    return Reports.toJson(this);
  }
}
