package dev.veil.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a ciphertext is bound to: a tenant, the id of the record (or key) it belongs to, and the
 * field within that record.
 *
 * <p><b>Security:</b> sealing authenticates these three values together with the content, so a
 * ciphertext copied to another row, another field or another tenant fails to open. The encoding is
 * length-prefixed, so {@code ("a|b", "c")} and {@code ("a", "b|c")} never collide.
 */
public final class AssociatedData {
  private static final byte[] DOMAIN = "veil.ad.v1".getBytes(StandardCharsets.US_ASCII);

  private final String tenant;
  private final String recordId;
  private final String field;
  private final byte[] encoded;

  private AssociatedData(String tenant, String recordId, String field) {
    this.tenant = requireText(tenant, "tenant");
    this.recordId = requireText(recordId, "recordId");
    this.field = requireText(field, "field");
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.writeBytes(DOMAIN);
    for (String part : new String[] {tenant, recordId, field}) {
      byte[] b = part.getBytes(StandardCharsets.UTF_8);
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    this.encoded = out.toByteArray();
  }

  /** Binds a ciphertext to {@code field} of record {@code recordId} of {@code tenant}. */
  public static AssociatedData of(String tenant, String recordId, String field) {
    return new AssociatedData(tenant, recordId, field);
  }

  public String tenant() {
    return tenant;
  }

  public String recordId() {
    return recordId;
  }

  public String field() {
    return field;
  }

  byte[] encoded() {
    return encoded;
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AssociatedData other
        && tenant.equals(other.tenant)
        && recordId.equals(other.recordId)
        && field.equals(other.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, recordId, field);
  }

  @Override
  public String toString() {
    return "AssociatedData[tenant=" + tenant + ", record=" + recordId + ", field=" + field + "]";
  }
}
