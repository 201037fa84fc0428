package dev.veil.limits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Counts the tokens of OpenAI's {@code o200k_base} encoding (GPT-4o, GPT-4.1, the o-series,
 * GPT-5) exactly as jtokkit's {@code countTokensOrdinary} does, at a fraction of its cost.
 * jtokkit splits text with o200k's regular expression, which took about 280 ns a token, most of
 * the rate-limit guards' cost per request (BENCHMARKS.md). Here a hand-written scanner takes the
 * expression's seven alternatives in their order, with the backtracking the regex engine would
 * do, and each piece's UTF-8 bytes are merged by rank as byte-pair encoding prescribes (lowest
 * rank first, leftmost on a tie). {@code O200kTokensTest} holds it to jtokkit over every BMP code
 * point in several contexts and over generated text.
 *
 * <p>The expression, in order: a word with an optional leading non-letter and an optional
 * English contraction ({@code [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*
 * [\p{Ll}\p{Lm}\p{Lo}\p{M}]+('s|'t|'re|'ve|'m|'ll|'d)?}, then the same with the upper-case part
 * required and the lower-case part optional); one to three digits; an optional space, a run of
 * other characters and trailing line breaks or slashes; white space up to its last line break;
 * white space but its last character when more follows; any white space. Character classes are
 * Java's with {@code UNICODE_CHARACTER_CLASS}, as jtokkit compiles them.
 *
 * <p>The vocabulary is jtokkit's copy of OpenAI's file, read once when first needed.
 */
final class O200kTokens {
  private static final String VOCABULARY = "/com/knuddels/jtokkit/o200k_base.tiktoken";

  /** Pieces longer than this merge through a heap instead of a scan per merge. */
  private static final int SHORT_PIECE = 64;

  private static final int UPPER = 1; // \p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}
  private static final int LOWER = 2; // \p{Ll}\p{Lm}\p{Lo}\p{M}
  private static final int LETTER = 4; // \p{L}
  private static final int DIGIT = 8; // \p{N}
  private static final int SPACE = 16; // \s
  private static final int LINE_BREAK = 32; // \r or \n

  /** The classes of every BMP code point; others are classified when met. */
  private static final byte[] BMP = new byte[0x10000];

  static {
    for (int c = 0; c < BMP.length; c++) {
      BMP[c] = (byte) classify(c);
    }
  }

  private static final O200kTokens INSTANCE = new O200kTokens();

  private final byte[] pool;
  private final int[] start;
  private final int[] slots;
  private final int mask;

  private O200kTokens() {
    byte[][] tokens = readVocabulary();
    int total = 0;
    for (byte[] t : tokens) {
      total += t.length;
    }
    pool = new byte[total];
    start = new int[tokens.length + 1];
    for (int rank = 0, at = 0; rank < tokens.length; rank++) {
      System.arraycopy(tokens[rank], 0, pool, at, tokens[rank].length);
      start[rank] = at;
      at += tokens[rank].length;
      start[rank + 1] = at;
    }
    int size = Integer.highestOneBit(tokens.length * 3 - 1) << 1;
    slots = new int[size];
    mask = size - 1;
    for (int rank = 0; rank < tokens.length; rank++) {
      int h = hash(pool, start[rank], start[rank + 1]) & mask;
      while (slots[h] != 0) {
        h = (h + 1) & mask;
      }
      slots[h] = rank + 1;
    }
  }

  /** The shared counter; the vocabulary is read on the first call. */
  static O200kTokens get() {
    return INSTANCE;
  }

  /** The number of tokens of {@code text}, special-token markers counted as plain text. */
  int count(String text) {
    int n = text.length();
    if (n == 0) {
      return 0;
    }
    byte[] utf8 = new byte[n * 3];
    int tokens = 0;
    int i = 0;
    while (i < n) {
      int end = pieceEnd(text, i);
      int len = encode(text, i, end, utf8);
      tokens += merge(utf8, len);
      i = end;
    }
    return tokens;
  }

  // ---- splitting: the expression's alternatives, in order ----

  /** Where the piece that starts at {@code i} ends. */
  private static int pieceEnd(String s, int i) {
    int c = s.codePointAt(i);
    int after = i + Character.charCount(c);
    int k = classOf(c);
    boolean prefix = (k & (LETTER | DIGIT | LINE_BREAK)) == 0;
    int end;
    if (prefix && (end = lowerWord(s, after)) >= 0) {
      return end;
    }
    if ((end = lowerWord(s, i)) >= 0) {
      return end;
    }
    if (prefix && (end = upperWord(s, after)) >= 0) {
      return end;
    }
    if ((end = upperWord(s, i)) >= 0) {
      return end;
    }
    if ((k & DIGIT) != 0) {
      int e = after;
      for (int taken = 1; taken < 3 && e < s.length(); taken++) {
        int d = s.codePointAt(e);
        if ((classOf(d) & DIGIT) == 0) {
          break;
        }
        e += Character.charCount(d);
      }
      return e;
    }
    if ((end = symbols(s, i, c)) >= 0) {
      return end;
    }
    // White space (anything else matched above): up to its last line break, else all of it but
    // the last character when more text follows, else all of it.
    int e = i;
    int lastBreak = -1;
    int last = i;
    while (e < s.length()) {
      int w = s.codePointAt(e);
      int wk = classOf(w);
      if ((wk & SPACE) == 0) {
        break;
      }
      if ((wk & LINE_BREAK) != 0) {
        lastBreak = e + 1;
      }
      last = e;
      e += Character.charCount(w);
    }
    if (e == i) {
      return after; // Unreachable: every code point is a letter, mark, digit, space or other.
    }
    if (lastBreak >= 0) {
      return lastBreak;
    }
    if (e < s.length() && last > i) {
      return last;
    }
    return e;
  }

  /** {@code [UPPER]*[LOWER]+contraction?} from {@code p}, or -1. */
  private static int lowerWord(String s, int p) {
    int n = s.length();
    int q = p;
    while (q < n) {
      int c = s.codePointAt(q);
      if ((classOf(c) & UPPER) == 0) {
        break;
      }
      q += Character.charCount(c);
    }
    // Greedy [UPPER]* took p..q; [LOWER]+ must start where it stops, else give back one by one.
    for (int j = q; ; ) {
      int e = lowerRun(s, j);
      if (e > j) {
        return contraction(s, e);
      }
      if (j == p) {
        return -1;
      }
      j -= Character.charCount(s.codePointBefore(j));
    }
  }

  /** {@code [UPPER]+[LOWER]*contraction?} from {@code p}, or -1. */
  private static int upperWord(String s, int p) {
    int q = p;
    while (q < s.length()) {
      int c = s.codePointAt(q);
      if ((classOf(c) & UPPER) == 0) {
        break;
      }
      q += Character.charCount(c);
    }
    return q == p ? -1 : contraction(s, lowerRun(s, q));
  }

  private static int lowerRun(String s, int j) {
    while (j < s.length()) {
      int c = s.codePointAt(j);
      if ((classOf(c) & LOWER) == 0) {
        break;
      }
      j += Character.charCount(c);
    }
    return j;
  }

  /** {@code e} plus the length of a case-insensitive English contraction that starts there. */
  private static int contraction(String s, int e) {
    if (e >= s.length() || s.charAt(e) != '\'' || e + 1 >= s.length()) {
      return e;
    }
    char a = s.charAt(e + 1);
    if (a == 's' || a == 'S' || a == '\u017f' || is(a, 't') || is(a, 'm') || is(a, 'd')) {
      return e + 2;
    }
    if (e + 2 < s.length()) {
      char b = s.charAt(e + 2);
      if ((is(a, 'r') || is(a, 'v')) && is(b, 'e') || is(a, 'l') && is(b, 'l')) {
        return e + 3;
      }
    }
    return e;
  }

  private static boolean is(char c, char lower) {
    return c == lower || c == lower - ('a' - 'A');
  }

  /** {@code ' '?[^\s\p{L}\p{N}]+[\r\n/]*} from {@code i}, or -1. */
  private static int symbols(String s, int i, int c) {
    int j = i;
    if (c == ' ' && i + 1 < s.length() && isOther(s.codePointAt(i + 1))) {
      j = i + 1;
    } else if (!isOther(c)) {
      return -1;
    }
    while (j < s.length()) {
      int d = s.codePointAt(j);
      if (!isOther(d)) {
        break;
      }
      j += Character.charCount(d);
    }
    while (j < s.length() && (s.charAt(j) == '\r' || s.charAt(j) == '\n' || s.charAt(j) == '/')) {
      j++;
    }
    return j;
  }

  private static boolean isOther(int c) {
    return (classOf(c) & (SPACE | LETTER | DIGIT)) == 0;
  }

  private static int classOf(int c) {
    return c < 0x10000 ? BMP[c] : classify(c);
  }

  private static int classify(int c) {
    int type = Character.getType(c);
    int k = 0;
    switch (type) {
      case Character.UPPERCASE_LETTER, Character.TITLECASE_LETTER -> k = UPPER | LETTER;
      case Character.LOWERCASE_LETTER -> k = LOWER | LETTER;
      case Character.MODIFIER_LETTER, Character.OTHER_LETTER -> k = UPPER | LOWER | LETTER;
      case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK ->
          k = UPPER | LOWER;
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER ->
          k = DIGIT;
      case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
          k = SPACE;
      default -> {
        // Nothing else: the remaining categories are "other".
      }
    }
    if (c >= 0x9 && c <= 0xd || c == 0x85) {
      k |= SPACE;
    }
    if (c == '\r' || c == '\n') {
      k |= LINE_BREAK;
    }
    return k;
  }

  /**
   * Writes {@code s[from, to)} as UTF-8 into {@code out} and returns the length; a lone
   * surrogate becomes {@code ?}, as {@link String#getBytes} makes it.
   */
  private static int encode(String s, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xc0 | c >> 6);
        out[n++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isSurrogate((char) c) && c < 0x10000) {
        out[n++] = '?';
      } else if (c < 0x10000) {
        out[n++] = (byte) (0xe0 | c >> 12);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[n++] = (byte) (0x80 | c & 0x3f);
      } else {
        out[n++] = (byte) (0xf0 | c >> 18);
        out[n++] = (byte) (0x80 | c >> 12 & 0x3f);
        out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[n++] = (byte) (0x80 | c & 0x3f);
      }
    }
    return n;
  }

  // ---- byte-pair merging ----

  /** How many tokens the piece {@code b[0, len)} becomes. */
  private int merge(byte[] b, int len) {
    if (len <= 1 || rank(b, 0, len) >= 0) {
      return len == 0 ? 0 : 1;
    }
    return len <= SHORT_PIECE ? mergeByScan(b, len) : mergeByHeap(b, len);
  }

  /** Each round merges the lowest-ranked adjacent pair, leftmost on a tie. */
  private int mergeByScan(byte[] b, int len) {
    int[] at = new int[len + 1]; // part starts, then len
    int[] pair = new int[len]; // rank of parts k and k+1, or MAX_VALUE
    for (int k = 0; k <= len; k++) {
      at[k] = k;
    }
    int parts = len;
    for (int k = 0; k + 1 < parts; k++) {
      pair[k] = rankOrMax(b, at[k], at[k + 2]);
    }
    while (parts > 1) {
      int best = Integer.MAX_VALUE;
      int k = -1;
      for (int x = 0; x + 1 < parts; x++) {
        if (pair[x] < best) {
          best = pair[x];
          k = x;
        }
      }
      if (k < 0) {
        break;
      }
      // Parts k and k+1 become one: drop the start of k+1.
      System.arraycopy(at, k + 2, at, k + 1, parts - k - 1);
      System.arraycopy(pair, k + 1, pair, k, parts - k - 2);
      parts--;
      if (k + 1 < parts) {
        pair[k] = rankOrMax(b, at[k], at[k + 2]);
      }
      if (k > 0) {
        pair[k - 1] = rankOrMax(b, at[k - 1], at[k + 1]);
      }
    }
    return parts;
  }

  /**
   * The same merges in O(n log n) for long pieces: parts as a linked list, candidate pairs in a
   * heap ordered by (rank, start). A popped pair still stands if the part at its start is alive
   * and its pair with the next part has that rank (a rank names one byte string, so one span).
   */
  private int mergeByHeap(byte[] b, int len) {
    int[] next = new int[len]; // end of the part that starts here; -1 once merged into another
    int[] prev = new int[len];
    for (int k = 0; k < len; k++) {
      next[k] = k + 1;
      prev[k] = k - 1;
    }
    long[] heap = new long[len + 16];
    int size = 0;
    for (int k = 0; k + 1 < len; k++) {
      int r = rank(b, k, k + 2);
      if (r >= 0) {
        heap = grow(heap, size);
        size = push(heap, size, entry(r, k));
      }
    }
    int parts = len;
    while (size > 0) {
      long top = heap[0];
      size = pop(heap, size);
      int k = (int) top;
      int j = next[k];
      if (j < 0 || j >= len || rank(b, k, next[j]) != (int) (top >>> 32)) {
        continue;
      }
      next[k] = next[j];
      next[j] = -1;
      if (next[k] < len) {
        prev[next[k]] = k;
        int r = rank(b, k, next[next[k]]);
        if (r >= 0) {
          heap = grow(heap, size);
          size = push(heap, size, entry(r, k));
        }
      }
      int p = prev[k];
      if (p >= 0) {
        int r = rank(b, p, next[k]);
        if (r >= 0) {
          heap = grow(heap, size);
          size = push(heap, size, entry(r, p));
        }
      }
      parts--;
    }
    return parts;
  }

  /** Rank above start, so that the heap's order is rank first, then leftmost. */
  private static long entry(int rank, int start) {
    return (long) rank << 32 | start;
  }

  private static long[] grow(long[] heap, int size) {
    return size < heap.length ? heap : Arrays.copyOf(heap, heap.length * 2);
  }

  private static int push(long[] heap, int size, long e) {
    int i = size;
    heap[i] = e;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= heap[i]) {
        break;
      }
      long t = heap[parent];
      heap[parent] = heap[i];
      heap[i] = t;
      i = parent;
    }
    return size + 1;
  }

  private static int pop(long[] heap, int size) {
    size--;
    heap[0] = heap[size];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int m = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
      if (heap[i] <= heap[m]) {
        break;
      }
      long t = heap[m];
      heap[m] = heap[i];
      heap[i] = t;
      i = m;
    }
    return size;
  }

  private int rankOrMax(byte[] b, int from, int to) {
    int r = rank(b, from, to);
    return r < 0 ? Integer.MAX_VALUE : r;
  }

  /** The rank of the token {@code b[from, to)}, or -1 if the vocabulary does not have it. */
  private int rank(byte[] b, int from, int to) {
    int h = hash(b, from, to) & mask;
    int len = to - from;
    while (true) {
      int slot = slots[h];
      if (slot == 0) {
        return -1;
      }
      int rank = slot - 1;
      int s = start[rank];
      if (start[rank + 1] - s == len && Arrays.equals(pool, s, s + len, b, from, to)) {
        return rank;
      }
      h = (h + 1) & mask;
    }
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ h >>> 15;
  }

  private static byte[][] readVocabulary() {
    try (InputStream in = O200kTokens.class.getResourceAsStream(VOCABULARY)) {
      if (in == null) {
        throw new IllegalStateException("jtokkit's o200k_base vocabulary is not on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      byte[][] tokens = new byte[0][];
      int count = 0;
      Base64.Decoder base64 = Base64.getDecoder();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty()) {
          continue;
        }
        int space = line.indexOf(' ');
        int rank = Integer.parseInt(line, space + 1, line.length(), 10);
        if (rank >= tokens.length) {
          tokens = Arrays.copyOf(tokens, Math.max(rank + 1, tokens.length * 2 + 1024));
        }
        tokens[rank] = base64.decode(line.substring(0, space));
        count = Math.max(count, rank + 1);
      }
      tokens = Arrays.copyOf(tokens, count);
      for (int rank = 0; rank < count; rank++) {
        if (tokens[rank] == null) {
          throw new IllegalStateException("o200k_base has no token of rank " + rank);
        }
      }
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
