package dev.veil.detect.ner;

/** Allocation-free 64-bit hashing of lowercased char ranges, shared by tables and features. */
final class Hashing {

  /** The start value of a hash that {@link #step} extends char by char. */
  static final long SEED = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private Hashing() {}

  static long lower(CharSequence s, int from, int to) {
    long h = SEED;
    for (int i = from; i < to; i++) {
      h = step(h, s.charAt(i));
    }
    return mix(h);
  }

  /** {@link #lower(CharSequence, int, int)} of a char array range: the same hash. */
  static long lower(char[] s, int from, int to) {
    long h = SEED;
    for (int i = from; i < to; i++) {
      h = step(h, s[i]);
    }
    return mix(h);
  }

  /** Extends an unmixed hash by {@code c}, lowercased; a typographic apostrophe counts as ASCII. */
  static long step(long h, char c) {
    return (h ^ toLowerCase(c == '\u2019' ? '\'' : c)) * PRIME;
  }

  /** {@link Character#toLowerCase(char)}, without its table lookups for ASCII. */
  static char toLowerCase(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return Character.toLowerCase(c);
  }

  static long lower(String s) {
    return lower(s, 0, s.length());
  }

  /** Hash of a phrase from already hashed words, order-sensitive. */
  static long combine(long acc, long word) {
    return mix(acc * 31 + word + 0x9e3779b97f4a7c15L);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
