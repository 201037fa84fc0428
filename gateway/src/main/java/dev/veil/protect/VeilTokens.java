package dev.veil.protect;

import dev.veil.detect.EntityType;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds the tokens that Veil itself writes in place of a value: masks ({@code <PHONE_NUMBER>}),
 * hashes ({@code <EMAIL_ADDRESS_3f9a1c2b>}) and pseudonym tokens ({@code [PERSON_7f3a2c]}). A
 * model often repeats them; output scanning must leave them whole, or a scan that sees only their
 * end ({@code UMBER>}) finds a "value" inside them and masks it again.
 */
final class VeilTokens {

  private static final Set<String> TYPES = new HashSet<>();

  static {
    for (EntityType t : EntityType.values()) {
      TYPES.add(t.name());
    }
  }

  /** Longer than any token: bracket, the longest type name, separator, 8 hex digits, bracket. */
  static final int MAX_LENGTH = 48;

  private VeilTokens() {}

  /**
   * The end of the complete token that starts at {@code i}, or {@code -1} if none does. With
   * {@code open}, text that ends while it could still become a token counts as one up to its end.
   */
  static int end(CharSequence s, int i, boolean open) {
    char first = s.charAt(i);
    if (first != '<' && first != '[') {
      return -1;
    }
    char close = first == '<' ? '>' : ']';
    int n = Math.min(s.length(), i + MAX_LENGTH);
    int j = i + 1;
    while (j < n && (isUpper(s.charAt(j)) || s.charAt(j) == '_')) {
      j++;
    }
    int nameEnd = j;
    while (j < n && isHex(s.charAt(j))) {
      j++;
    }
    int hex = j - nameEnd;
    if (j == s.length()) {
      return open && j - i < MAX_LENGTH ? j : -1;
    }
    if (s.charAt(j) != close || nameEnd == i + 1) {
      return -1;
    }
    String name;
    if (hex == 0) {
      if (first != '<') {
        return -1;
      }
      name = s.subSequence(i + 1, nameEnd).toString();
    } else {
      if (hex != (first == '<' ? 8 : 6) || s.charAt(nameEnd - 1) != '_') {
        return -1;
      }
      name = s.subSequence(i + 1, nameEnd - 1).toString();
    }
    return TYPES.contains(name) ? j + 1 : -1;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
