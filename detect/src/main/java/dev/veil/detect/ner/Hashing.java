package dev.veil.detect.ner;

/**
 * Allocation-free 64-bit hashing of lowercased char ranges, shared by tables and features. Latin
 * letters with diacritics hash as their base letter ("Kónya" as "konya", "Łukasz" as "lukasz"), so
 * names that the tables hold in ASCII, as the US lists write them, are known with their accents
 * too, and the model sees one word where writers differ.
 */
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

  /**
   * {@link Character#toLowerCase(char)}, without its table lookups for ASCII, and with the Latin
   * letters of U+00C0 to U+024F and U+1E00 to U+1EFF (Vietnamese) folded to their base letter.
   */
  static char toLowerCase(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    if (c < FOLD_END) {
      return FOLD[c];
    }
    return Character.toLowerCase(c);
  }

  private static final int FOLD_END = 0x1F00;
  private static final char[] FOLD = new char[FOLD_END];

  static {
    for (char c = 0; c < FOLD_END; c++) {
      char lower = Character.toLowerCase(c);
      String base = java.text.Normalizer.normalize(String.valueOf(lower), java.text.Normalizer.Form.NFD);
      char b = base.charAt(0);
      boolean latin = c >= 0xC0 && c < 0x250 || c >= 0x1E00;
      FOLD[c] = latin && b < 128 && Character.isLetter(b) ? b : lower;
    }
    char[][] pairs = {{'\u0142', 'l'}, {'\u0141', 'l'}, {'\u0111', 'd'}, {'\u0110', 'd'},
        {'\u00f8', 'o'}, {'\u00d8', 'o'}, {'\u0131', 'i'}, {'\u0127', 'h'}, {'\u0126', 'h'},
        {'\u0167', 't'}, {'\u0166', 't'}, {'\u0180', 'b'}, {'\u0192', 'f'}};
    for (char[] p : pairs) {
      FOLD[p[0]] = p[1];
    }
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
