package dev.veil.detect.eval;

/**
 * Converts offsets between Unicode code points (as in Presidio data and Python strings) and UTF-16
 * units (as in Java strings and {@link dev.veil.detect.Finding}).
 */
public final class Offsets {

  private Offsets() {}

  /** The UTF-16 index of code point index {@code cp} in {@code s}. */
  public static int toUtf16(String s, int cp) {
    int cps = s.codePointCount(0, s.length());
    if (cp < 0 || cp > cps) {
      throw new IllegalArgumentException("code point offset " + cp + " outside [0, " + cps + "]");
    }
    return s.offsetByCodePoints(0, cp);
  }

  /** The code point index of UTF-16 index {@code utf16} in {@code s}. */
  public static int toCodePoint(String s, int utf16) {
    if (utf16 < 0 || utf16 > s.length()) {
      throw new IllegalArgumentException("UTF-16 offset " + utf16 + " outside [0, " + s.length()
          + "]");
    }
    return s.codePointCount(0, utf16);
  }
}
