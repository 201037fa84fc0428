package dev.veil.audit;

/**
 * A tree head signed with the log's Ed25519 key: the log had {@code treeSize} entries with Merkle
 * root {@code rootHash} at {@code timestamp}.
 *
 * @param treeSize number of entries covered
 * @param timestamp milliseconds since the epoch, UTC; strictly increasing within a log
 * @param rootHash RFC 9162 root hash, 64 lower-case hexadecimal digits
 * @param signature Ed25519 signature over {@link TreeHeadSigner#message}, standard base64
 * @param keyId SHA-256 of the public key's SubjectPublicKeyInfo DER, hexadecimal
 */
public record SignedTreeHead(
    long treeSize, long timestamp, String rootHash, String signature, String keyId) {

  /** This tree head as one line of canonical JSON, as written to {@code tree-heads.jsonl}. */
  public String toJson() {
    return "{\"key_id\":\"" + keyId + "\",\"root_hash\":\"" + rootHash + "\",\"signature\":\""
        + signature + "\",\"timestamp\":" + timestamp + ",\"tree_size\":" + treeSize + "}";
  }
}
