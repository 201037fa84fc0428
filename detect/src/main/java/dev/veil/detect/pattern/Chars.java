package dev.veil.detect.pattern;

/**
 * Character tests and small scanning helpers shared by the built-in recognizers. ASCII-only on
 * purpose: every structured format and credential Veil recognizes is ASCII.
 */
public final class Chars {

  private Chars() {}

  public static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  public static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  public static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  public static boolean isLetter(char c) {
    return isUpper(c) || isLower(c);
  }

  public static boolean isAlnum(char c) {
    return c < 128 && ALNUM[c];
  }

  private static final boolean[] ALNUM = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ALNUM[c] = isDigit(c) || isLetter(c);
    }
  }

  public static boolean isHex(char c) {
    return c < 128 && HEX[c];
  }

  /** True if every char of {@code s[from, to)} is a hex digit. */
  public static boolean allHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static final boolean[] HEX = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      HEX[c] = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
  }

  /** True if the char before {@code i} is not a letter or digit (any script), or there is none. */
  public static boolean wordStart(CharSequence s, int i) {
    return i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
  }

  /** True if the char at {@code i} is not a letter or digit (any script), or there is none. */
  public static boolean wordEnd(CharSequence s, int i) {
    return i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
  }

  /** True if the char at {@code i} is a letter or digit in any script. */
  public static boolean isLetterOrDigitAt(CharSequence s, int i) {
    return i < s.length() && Character.isLetterOrDigit(s.charAt(i));
  }

  /** Index of the first char at or after {@code from} that is not an ASCII digit. */
  public static int skipDigits(CharSequence s, int from) {
    int i = from;
    int n = s.length();
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index of the first char at or after {@code from} that is not an ASCII letter or digit. */
  public static int skipAlnum(CharSequence s, int from) {
    int i = from;
    int n = s.length();
    while (i < n && isAlnum(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Parses ASCII digits in {@code [from, to)}; the caller has checked they are digits. */
  public static int parseDigits(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** Shannon entropy in bits per char of {@code s[from, to)}. */
  public static double entropy(CharSequence s, int from, int to) {
    int len = to - from;
    if (len <= 0) {
      return 0.0;
    }
    int[] counts = new int[128];
    int other = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0.0;
    for (int c : counts) {
      if (c > 0) {
        double p = (double) c / len;
        h -= p * Math.log(p);
      }
    }
    if (other > 0) {
      double p = (double) other / len;
      h -= p * Math.log(p);
    }
    return h / Math.log(2);
  }

  /** True if {@code s} has {@code lit} at {@code at} (case-sensitive). */
  public static boolean startsWith(CharSequence s, int at, String lit) {
    if (at < 0 || at + lit.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < lit.length(); k++) {
      if (s.charAt(at + k) != lit.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** True if {@code s} has {@code lower} (lower-case ASCII) at {@code at}, ignoring case. */
  public static boolean startsWithIgnoreCase(CharSequence s, int at, String lower) {
    if (at < 0 || at + lower.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      char c = s.charAt(at + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** First index of {@code c} at or after {@code from}, or -1. */
  public static int indexOf(CharSequence s, char c, int from) {
    if (s instanceof String str) {
      return str.indexOf(c, from);
    }
    for (int i = from, n = s.length(); i < n; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** First index of {@code lit} at or after {@code from}, or -1. */
  public static int indexOf(CharSequence s, String lit, int from) {
    if (s instanceof String str) {
      return str.indexOf(lit, from);
    }
    char first = lit.charAt(0);
    for (int i = from, last = s.length() - lit.length(); i <= last; i++) {
      if (s.charAt(i) == first && startsWith(s, i, lit)) {
        return i;
      }
    }
    return -1;
  }
}
