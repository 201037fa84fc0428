package dev.veil.retention;

import java.util.Map;

/**
 * A record sealed by {@link ContentVault#seal} and ready to write: metadata plus ciphertexts. It
 * holds no plaintext, so it may wait in a queue.
 */
public final class SealedRecord {
  private final StoredRecord meta;
  private final Map<String, String> ciphertexts;

  SealedRecord(StoredRecord meta, Map<String, String> ciphertexts) {
    this.meta = meta;
    this.ciphertexts = Map.copyOf(ciphertexts);
  }

  public StoredRecord meta() {
    return meta;
  }

  Map<String, String> ciphertexts() {
    return ciphertexts;
  }

  @Override
  public String toString() {
    return "SealedRecord[" + meta.recordId() + ", fields=" + ciphertexts.keySet() + "]";
  }
}
