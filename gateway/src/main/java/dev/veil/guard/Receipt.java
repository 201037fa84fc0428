package dev.veil.guard;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the guards did to one request, as counts per entity type and action (for example
 * {@code EMAIL mask 2}). It ends up in the {@code X-Veil-Receipt} response header and the
 * metadata record.
 *
 * <h2>Security</h2>
 * A receipt holds counts only, never a detected value. Entity types and actions must be
 * identifiers from a fixed vocabulary, not text from the request; anything else is rejected.
 */
public final class Receipt {
  private final Map<String, Integer> counts = new TreeMap<>();

  /**
   * Adds {@code n} to the count for {@code entityType} and {@code action}.
   *
   * @throws IllegalArgumentException if either name is not an identifier ({@code [A-Za-z0-9_]+})
   */
  public synchronized void count(String entityType, String action, int n) {
    checkIdentifier(entityType);
    checkIdentifier(action);
    if (n < 0) {
      throw new IllegalArgumentException("receipt counts cannot be negative");
    }
    counts.merge(entityType + "." + action, n, Integer::sum);
  }

  /** A snapshot of the counts, keyed {@code TYPE.action}, sorted. */
  public synchronized Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  /** The header value: {@code v1} followed by {@code ; TYPE.action=n} pairs in sorted order. */
  public synchronized String headerValue() {
    StringBuilder sb = new StringBuilder("v1");
    counts.forEach((k, v) -> sb.append("; ").append(k).append('=').append(v));
    return sb.toString();
  }

  private static void checkIdentifier(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      throw new IllegalArgumentException("receipt names must be 1 to 64 identifier characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        throw new IllegalArgumentException("receipt names must be identifier characters");
      }
    }
  }

  @Override
  public String toString() {
    return headerValue();
  }
}
