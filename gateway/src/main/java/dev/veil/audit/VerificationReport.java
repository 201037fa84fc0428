package dev.veil.audit;

/**
 * The outcome of recomputing a log from its entries and checking it against its signed tree heads.
 *
 * @param valid whether every check passed
 * @param entries entries read
 * @param signedTreeSize size of the largest signed tree head whose root matched, or 0
 * @param treeHeadsChecked signed tree heads whose signature and root were checked
 * @param unsignedEntries entries after the largest signed tree head; they are hashed and ordered
 *     but not yet covered by a signature
 * @param rootHash root recomputed over all entries read, hexadecimal
 * @param firstBadIndex the first index that was altered, removed, reordered or inserted, or
 *     {@code null} when none is; when only a tree head disagrees, the first index it does not
 *     vouch for
 * @param problem what was wrong, or {@code null}
 */
public record VerificationReport(
    boolean valid,
    long entries,
    long signedTreeSize,
    int treeHeadsChecked,
    long unsignedEntries,
    String rootHash,
    Long firstBadIndex,
    String problem) {

  /** The report as indented JSON. */
  public String toJson() {
    return Reports.toJson(this);
  }
}
