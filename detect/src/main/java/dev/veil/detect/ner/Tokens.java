package dev.veil.detect.ner;

/**
 * The tokens of one text as parallel int arrays of offsets, so that scanning allocates no String
 * per token.
 *
 * <p>A token is a run of letters and digits, with inner apostrophes and hyphens kept when a letter
 * follows ({@code O'Brien}, {@code Smith-Jones}), or one other non-space char. A token that starts a
 * line or follows sentence-ending punctuation is marked as sentence-initial.
 */
final class Tokens {

  static final int LETTER = 1;
  static final int DIGIT = 2;
  static final int UPPER_FIRST = 4;
  static final int ALL_UPPER = 8;
  static final int SENTENCE_START = 16;
  static final int NEWLINE_BEFORE = 32;
  static final int HAS_LOWER = 64;

  final CharSequence text;
  int size;
  int[] start;
  int[] end;
  int[] flags;

  private Tokens(CharSequence text, int capacity) {
    this.text = text;
    this.start = new int[capacity];
    this.end = new int[capacity];
    this.flags = new int[capacity];
  }

  static Tokens of(CharSequence text) {
    Tokens t = new Tokens(text, Math.max(16, text.length() / 4));
    int n = text.length();
    int i = 0;
    boolean sentenceStart = true;
    boolean newline = true;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (c == '\n' || c == '\r') {
          newline = true;
          sentenceStart = true;
        }
        i++;
        continue;
      }
      int s = i;
      int f = 0;
      if (Character.isLetterOrDigit(c)) {
        int upper = 0;
        int letters = 0;
        while (i < n) {
          char d = text.charAt(i);
          if (Character.isLetter(d)) {
            letters++;
            f |= LETTER;
            if (Character.isUpperCase(d)) {
              upper++;
            } else if (Character.isLowerCase(d)) {
              f |= HAS_LOWER;
            }
            i++;
          } else if (Character.isDigit(d)) {
            f |= DIGIT;
            i++;
          } else if ((d == '\'' || d == '\u2019' || d == '-')
              && i + 1 < n && Character.isLetter(text.charAt(i + 1)) && i > s) {
            i++;
          } else if (Character.isLetterOrDigit(d)) {
            i++;
          } else {
            break;
          }
        }
        if (Character.isUpperCase(c)) {
          f |= UPPER_FIRST;
        }
        if (letters > 0 && upper == letters) {
          f |= ALL_UPPER;
        }
      } else {
        i++;
      }
      if (sentenceStart) {
        f |= SENTENCE_START;
      }
      if (newline) {
        f |= NEWLINE_BEFORE;
      }
      t.add(s, i, f);
      newline = false;
      sentenceStart = i - s == 1 && (c == '.' || c == '!' || c == '?' || c == ':' || c == ';'
          || c == '"' && sentenceStart);
    }
    return t;
  }

  private void add(int s, int e, int f) {
    if (size == start.length) {
      int cap = size * 2;
      start = java.util.Arrays.copyOf(start, cap);
      end = java.util.Arrays.copyOf(end, cap);
      flags = java.util.Arrays.copyOf(flags, cap);
    }
    start[size] = s;
    end[size] = e;
    flags[size] = f;
    size++;
  }

  int length(int i) {
    return end[i] - start[i];
  }

  boolean is(int i, int flag) {
    return (flags[i] & flag) != 0;
  }

  char first(int i) {
    return text.charAt(start[i]);
  }

  boolean isPunct(int i, char c) {
    return end[i] - start[i] == 1 && text.charAt(start[i]) == c;
  }

  /** True if the token equals {@code word} ignoring ASCII case. */
  boolean equalsIgnoreCase(int i, String word) {
    int len = end[i] - start[i];
    if (len != word.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      char a = text.charAt(start[i] + k);
      char b = word.charAt(k);
      if (a != b && Character.toLowerCase(a) != b) {
        return false;
      }
    }
    return true;
  }

  /** A 64-bit hash of the lowercased token. */
  long lowerHash(int i) {
    return Hashing.lower(text, start[i], end[i]);
  }
}
