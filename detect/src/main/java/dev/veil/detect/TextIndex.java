package dev.veil.detect;

import java.util.Arrays;

/**
 * What one pass over a text learns once for every recognizer of a scan: where its runs of ASCII
 * digits are. Most structured values (cards, phone numbers, SSNs, IBANs, dates, wallets) contain a
 * digit near their start, so a recognizer can jump from one digit run to the next instead of
 * testing every char of the prose in between.
 *
 * <p>Immutable once built, hence safe to share between the recognizers of one scan. Building it
 * costs one linear pass; each query is a binary search over the runs.
 */
public final class TextIndex {

  private final int[] runStart;
  private final int[] runEnd;
  private final int runs;

  private TextIndex(int[] runStart, int[] runEnd, int runs) {
    this.runStart = runStart;
    this.runEnd = runEnd;
    this.runs = runs;
  }

  /** Indexes {@code text}; the index is valid for as long as the text does not change. */
  public static TextIndex of(CharSequence text) {
    int n = text.length();
    int[] starts = new int[16];
    int[] ends = new int[16];
    int runs = 0;
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int s = i;
      do {
        i++;
      } while (i < n && isDigit(text.charAt(i)));
      if (runs == starts.length) {
        starts = Arrays.copyOf(starts, runs * 2);
        ends = Arrays.copyOf(ends, runs * 2);
      }
      starts[runs] = s;
      ends[runs] = i;
      runs++;
    }
    return new TextIndex(starts, ends, runs);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Number of maximal runs of ASCII digits. */
  public int digitRuns() {
    return runs;
  }

  /** Start of digit run {@code k} (0-based, in text order). */
  public int digitRunStart(int k) {
    return runStart[k];
  }

  /** End (exclusive) of digit run {@code k}. */
  public int digitRunEnd(int k) {
    return runEnd[k];
  }

  /** Index of the first ASCII digit at or after {@code from}, or -1 if there is none. */
  public int nextDigit(int from) {
    int lo = 0;
    int hi = runs;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (runEnd[mid] <= from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == runs ? -1 : Math.max(from, runStart[lo]);
  }
}
