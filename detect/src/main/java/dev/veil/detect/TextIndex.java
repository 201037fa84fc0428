package dev.veil.detect;

import dev.veil.detect.pattern.Chars;
import java.util.Arrays;

/**
 * What one pass over a text learns once for every recognizer of a scan: where its runs of ASCII
 * digits and its ASCII words (runs of letters and digits) start. Most structured values (cards,
 * phone numbers, SSNs, IBANs, dates, wallets) contain a digit near their start, and credentials
 * start a word, so a recognizer can jump from one candidate to the next instead of testing every
 * char of the prose in between.
 *
 * <p>Immutable once built, hence safe to share between the recognizers of one scan. Building it
 * costs one linear pass; each query is a binary search over the runs.
 */
public final class TextIndex {

  private final int[] runStart;
  private final int[] runEnd;
  private final int runs;
  private final int[] wordStart;
  private final int words;

  private TextIndex(int[] runStart, int[] runEnd, int runs, int[] wordStart, int words) {
    this.runStart = runStart;
    this.runEnd = runEnd;
    this.runs = runs;
    this.wordStart = wordStart;
    this.words = words;
  }

  /** Indexes {@code text}; the index is valid for as long as the text does not change. */
  public static TextIndex of(CharSequence text) {
    int n = text.length();
    int[] starts = new int[16];
    int[] ends = new int[16];
    int[] wordStarts = new int[Math.max(16, n / 6)];
    int runs = 0;
    int words = 0;
    boolean inWord = false;
    boolean inRun = false;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      boolean alnum = Chars.isAlnum(c);
      if (alnum && !inWord) {
        if (words == wordStarts.length) {
          wordStarts = Arrays.copyOf(wordStarts, words * 2);
        }
        wordStarts[words++] = i;
      }
      inWord = alnum;
      boolean digit = c >= '0' && c <= '9';
      if (digit && !inRun) {
        if (runs == starts.length) {
          starts = Arrays.copyOf(starts, runs * 2);
          ends = Arrays.copyOf(ends, runs * 2);
        }
        starts[runs] = i;
      } else if (!digit && inRun) {
        ends[runs++] = i;
      }
      inRun = digit;
    }
    if (inRun) {
      ends[runs++] = n;
    }
    return new TextIndex(starts, ends, runs, wordStarts, words);
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

  /**
   * Index of the first start of an ASCII word (a char in [A-Za-z0-9] whose predecessor is not
   * one) at or after {@code from}, or -1 if there is none.
   */
  public int nextWordStart(int from) {
    int lo = 0;
    int hi = words;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (wordStart[mid] < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == words ? -1 : wordStart[lo];
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
