package dev.veil.detect.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words looked up where they start in a text, case-insensitively in any script: the cue words
 * before a value ("phone", "tel", "电话") and the context words of a detector's rules. Indexed by
 * first char, so that most positions are refused with one array read.
 */
public final class WordList {

  private static final int OTHER = 128;

  /** Per lowercase ASCII first char (and one slot for the rest), the words, lowercase. */
  private final char[][][] byFirst = new char[OTHER + 1][][];

  public WordList(List<String> words) {
    List<List<char[]>> buckets = new ArrayList<>();
    for (int c = 0; c <= OTHER; c++) {
      buckets.add(new ArrayList<>());
    }
    for (String w : words) {
      char[] lower = w.toLowerCase(Locale.ROOT).toCharArray();
      buckets.get(Math.min(lower[0], OTHER)).add(lower);
    }
    for (int c = 0; c <= OTHER; c++) {
      byFirst[c] = buckets.get(c).toArray(char[][]::new);
    }
  }

  /** True if one of the words starts at {@code at} of {@code s} and ends by {@code limit}. */
  public boolean startsAt(CharSequence s, int at, int limit) {
    char first = lower(s.charAt(at));
    for (char[] w : byFirst[Math.min(first, OTHER)]) {
      if (w[0] != first || at + w.length > limit) {
        continue;
      }
      int k = 1;
      while (k < w.length && lower(s.charAt(at + k)) == w[k]) {
        k++;
      }
      if (k == w.length) {
        return true;
      }
    }
    return false;
  }

  private static char lower(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(c);
  }
}
