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
  /** Part of a whitespace-free chunk holding '@' or "://": an email address or URL. */
  static final int EMBEDDED = 128;

  final CharSequence text;
  /** The chars of {@link #text} (a scratch array, possibly longer than the text). */
  final char[] chars;
  int size;
  int[] start;
  int[] end;
  int[] flags;

  private Tokens(CharSequence text, char[] chars, Scratch scratch) {
    this.text = text;
    this.chars = chars;
    this.start = scratch.start;
    this.end = scratch.end;
    this.flags = scratch.flags;
  }

  private static final byte A_SPACE = 1;
  private static final byte A_NEWLINE = 2;
  private static final byte A_UPPER = 3;
  private static final byte A_LOWER = 4;
  private static final byte A_DIGIT = 5;
  private static final byte A_OTHER = 6;
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = c == '\n' || c == '\r' ? A_NEWLINE
          : Character.isWhitespace(c) ? A_SPACE
          : c >= 'A' && c <= 'Z' ? A_UPPER
          : c >= 'a' && c <= 'z' ? A_LOWER
          : c >= '0' && c <= '9' ? A_DIGIT : A_OTHER;
    }
  }

  /** Character class of {@code c}: ASCII by table, the rest through {@link Character}. */
  private static int cls(char c) {
    if (c < 128) {
      return ASCII[c];
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return c == '\u2028' || c == '\u2029' || c == '\u0085' ? A_NEWLINE : A_SPACE;
    }
    if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
      return A_UPPER;
    }
    if (Character.isLetter(c)) {
      return A_LOWER;
    }
    return Character.isDigit(c) ? A_DIGIT : A_OTHER;
  }

  static Tokens of(CharSequence text) {
    return of(text, new Scratch());
  }

  /**
   * Tokenises {@code text} into the arrays of {@code scratch}, which the tokens then use: they are
   * valid until the scratch serves another text.
   */
  static Tokens of(CharSequence text, Scratch scratch) {
    int n = text.length();
    char[] a = scratch.chars(n);
    if (text instanceof String str) {
      str.getChars(0, n, a, 0);
    } else {
      for (int i = 0; i < n; i++) {
        a[i] = text.charAt(i);
      }
    }
    Tokens t = new Tokens(text, a, scratch);
    int i = 0;
    boolean sentenceStart = true;
    boolean newline = true;
    int chunkFirstToken = 0;
    boolean chunkEmbedded = false;
    while (i < n) {
      char c = a[i];
      int k = cls(c);
      if (k <= A_NEWLINE) {
        if (chunkEmbedded) {
          t.markEmbedded(chunkFirstToken);
          chunkEmbedded = false;
        }
        chunkFirstToken = t.size;
        if (k == A_NEWLINE) {
          newline = true;
          sentenceStart = true;
        }
        i++;
        continue;
      }
      int s = i;
      int f = 0;
      if (k != A_OTHER) {
        int upper = 0;
        int letters = 0;
        while (i < n) {
          char d = a[i];
          if (d >= 'a' && d <= 'z') {
            // the common case, a run of ASCII lowercase letters, in one tight loop
            int from = i;
            do {
              i++;
            } while (i < n && a[i] >= 'a' && a[i] <= 'z');
            letters += i - from;
            f |= LETTER | HAS_LOWER;
            continue;
          }
          int kd = cls(d);
          if (kd == A_LOWER) {
            letters++;
            // Caseless scripts (CJK, Arabic...) count as lowercase letters here.
            f |= LETTER | HAS_LOWER;
            i++;
          } else if (kd == A_UPPER) {
            letters++;
            upper++;
            f |= LETTER;
            i++;
          } else if (kd == A_DIGIT) {
            f |= DIGIT;
            i++;
          } else if ((d == '\'' || d == '\u2019' || d == '-') && i + 1 < n && i > s
              && isLetterClass(cls(a[i + 1]))) {
            i++;
          } else {
            break;
          }
        }
        if (k == A_UPPER) {
          f |= UPPER_FIRST;
        }
        if (letters > 0 && upper == letters) {
          f |= ALL_UPPER;
        }
      } else {
        i++;
        chunkEmbedded |= c == '@' || c == ':' && i + 1 < n && a[i] == '/' && a[i + 1] == '/';
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
    if (chunkEmbedded) {
      t.markEmbedded(chunkFirstToken);
    }
    scratch.start = t.start;
    scratch.end = t.end;
    scratch.flags = t.flags;
    return t;
  }

  private static boolean isLetterClass(int k) {
    return k == A_UPPER || k == A_LOWER;
  }

  private void markEmbedded(int from) {
    for (int j = from; j < size; j++) {
      flags[j] |= EMBEDDED;
    }
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
    return chars[start[i]];
  }

  boolean isPunct(int i, char c) {
    return end[i] - start[i] == 1 && chars[start[i]] == c;
  }

  /** True if the token equals {@code word} ignoring ASCII case. */
  boolean equalsIgnoreCase(int i, String word) {
    int len = end[i] - start[i];
    if (len != word.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      char a = chars[start[i] + k];
      char b = word.charAt(k);
      if (a != b && Hashing.toLowerCase(a) != b) {
        return false;
      }
    }
    return true;
  }

  /** A 64-bit hash of the lowercased token. */
  long lowerHash(int i) {
    return Hashing.lower(chars, start[i], end[i]);
  }
}
