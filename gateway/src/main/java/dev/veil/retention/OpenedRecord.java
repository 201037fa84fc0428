package dev.veil.retention;

import java.util.Map;
import java.util.Optional;

/**
 * A stored record with its content opened.
 *
 * <p><b>Security:</b> holds plaintext; {@link #toString()} names the fields only.
 */
public final class OpenedRecord {
  private final StoredRecord meta;
  private final Map<String, String> fields;

  OpenedRecord(StoredRecord meta, Map<String, String> fields) {
    this.meta = meta;
    this.fields = Map.copyOf(fields);
  }

  public StoredRecord meta() {
    return meta;
  }

  public Map<String, String> fields() {
    return fields;
  }

  public Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  @Override
  public String toString() {
    return "OpenedRecord[" + meta.recordId() + ", fields=" + fields.keySet() + "]";
  }
}
