package dev.veil.limits;

/** Parts of counter names: {@code :} separates parts, so it is escaped inside one. */
final class Names {
  private Names() {}

  /** {@code value} with {@code %} and {@code :} percent-encoded. */
  static String part(String value) {
    if (value.indexOf(':') < 0 && value.indexOf('%') < 0) {
      return value;
    }
    return value.replace("%", "%25").replace(":", "%3A");
  }
}
