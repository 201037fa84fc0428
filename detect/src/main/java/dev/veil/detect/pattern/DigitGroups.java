package dev.veil.detect.pattern;

/**
 * Reads a number written as digit groups joined by one separator char (space or dash, the same
 * throughout), as in {@code 4111 1111 1111 1111} or {@code 123-45-6789}. Reused per call; not
 * thread-safe, so each scan makes its own.
 */
final class DigitGroups {

  static final int MAX_GROUPS = 8;

  final int[] groupStart = new int[MAX_GROUPS];
  final int[] groupEnd = new int[MAX_GROUPS];
  int count;
  char separator;
  /** Index just past the whole run read, used to skip ahead. */
  int runEnd;
  /** True if the run went on beyond what was read (more groups or digits than allowed). */
  boolean overflow;

  /**
   * Reads up to {@code maxDigits} digits starting at {@code from} (a digit). Stops at the first
   * char that is neither a digit nor a single separator followed by a digit.
   */
  void read(CharSequence s, int from, int maxDigits, String separators) {
    int n = s.length();
    count = 0;
    separator = 0;
    overflow = false;
    int i = from;
    int digits = 0;
    while (true) {
      int gs = i;
      while (i < n && Chars.isDigit(s.charAt(i)) && digits <= maxDigits) {
        i++;
        digits++;
      }
      if (digits > maxDigits || count == MAX_GROUPS) {
        overflow = true;
        runEnd = Chars.skipDigits(s, i);
        return;
      }
      groupStart[count] = gs;
      groupEnd[count] = i;
      count++;
      runEnd = i;
      if (i + 1 < n && separators.indexOf(s.charAt(i)) >= 0 && Chars.isDigit(s.charAt(i + 1))
          && (separator == 0 || separator == s.charAt(i))) {
        separator = s.charAt(i);
        i++;
      } else {
        return;
      }
    }
  }

  /** Copies the digits of the first {@code groups} groups into {@code dst}; returns how many. */
  int digits(CharSequence s, int groups, int[] dst) {
    int k = 0;
    for (int g = 0; g < groups; g++) {
      for (int i = groupStart[g]; i < groupEnd[g]; i++) {
        dst[k++] = s.charAt(i) - '0';
      }
    }
    return k;
  }

  int lengthOf(int g) {
    return groupEnd[g] - groupStart[g];
  }
}
