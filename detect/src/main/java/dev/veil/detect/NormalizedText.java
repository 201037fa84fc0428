package dev.veil.detect;

/**
 * A view of a text in which the ways that hide a value by accident or on purpose are undone, with
 * the original offsets of every view char, so that what is found in the view is protected in the
 * original, hiding chars included.
 *
 * <p>Undone here: zero-width chars and soft hyphens (removed); no-break and other Unicode spaces
 * (a plain space); fullwidth ASCII ({@code ４５５６}, {@code ａｂｃ}); Cyrillic and Greek letters that
 * look like Latin ones inside a word that also holds Latin letters ({@code jаne@example.com} with
 * a Cyrillic {@code а}); percent-encoded ASCII ({@code %40}) and HTML character references
 * ({@code &#64;}, {@code &#x40;}, {@code &commat;}); a line break between two groups of four
 * digits (a card number wrapped over two lines).
 *
 * <p>{@link #of} returns {@code null} for a text with nothing to undo, which is the common case:
 * ASCII text without {@code %}, {@code &} or such a line break costs one pass over its chars.
 *
 * <h2>Security</h2>
 * A view holds the scanned text; it lives only for one scan and is never logged.
 */
final class NormalizedText {

  private final String view;
  private final int[] starts;
  private final int[] ends;

  private NormalizedText(String view, int[] starts, int[] ends) {
    this.view = view;
    this.starts = starts;
    this.ends = ends;
  }

  /** The normalised text. */
  String view() {
    return view;
  }

  /** {@code f}, found in the view, with the original offsets of its first and last chars. */
  Finding toOriginal(Finding f) {
    return new Finding(f.type(), starts[f.start()], ends[f.end() - 1], f.score(), f.recognizer(),
        f.kind());
  }

  /** The view of {@code text}, or {@code null} if it is its own view. */
  static NormalizedText of(CharSequence chars) {
    String text = chars.toString();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c < 128 ? TRIGGER[c] && special(text, i) : mapWide(text, i, c) != c) {
        break;
      }
      i++;
    }
    if (i == n) {
      return null;
    }
    StringBuilder view = new StringBuilder(n);
    int[] starts = new int[n];
    int[] ends = new int[n];
    int changed = 0;
    for (int p = 0; p < n; ) {
      char c = text.charAt(p);
      int consumed = 1;
      int out = c;
      if (c >= 0x80) {
        out = mapWide(text, p, c);
      } else if (c == '%') {
        int d = percent(text, p);
        if (d >= 0) {
          out = d;
          consumed = 3;
        }
      } else if (c == '&') {
        long r = reference(text, p);
        if (r >= 0) {
          out = (int) (r & 0xFFFF);
          consumed = (int) (r >>> 16);
        }
      } else if ((c == '\n' || c == '\r') && lineBreakInNumber(text, p)) {
        consumed = c == '\r' && p + 1 < n && text.charAt(p + 1) == '\n' ? 2 : 1;
        out = ' ';
      }
      if (out >= 0) {
        starts[view.length()] = p;
        ends[view.length()] = p + consumed;
        view.append((char) out);
      } else if (view.length() > 0) {
        ends[view.length() - 1] = p + consumed;
      }
      changed += out != c || consumed != 1 ? 1 : 0;
      p += consumed;
    }
    return changed == 0 ? null : new NormalizedText(view.toString(), starts, ends);
  }

  /** ASCII chars that may start something to undo. */
  private static final boolean[] TRIGGER = new boolean[128];

  static {
    TRIGGER['%'] = true;
    TRIGGER['&'] = true;
    TRIGGER['\n'] = true;
    TRIGGER['\r'] = true;
  }

  private static boolean special(CharSequence text, int i) {
    char c = text.charAt(i);
    if (c < 0x80) {
      return c == '%' && percent(text, i) >= 0 || c == '&' && reference(text, i) >= 0
          || (c == '\n' || c == '\r') && lineBreakInNumber(text, i);
    }
    return mapWide(text, i, c) != c;
  }

  /** The view char for a non-ASCII char: -1 to drop it, else the char it stands for. */
  private static int mapWide(CharSequence text, int i, char c) {
    switch (c) {
      case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E':
        return -1;
      case '\u00A0', '\u2007', '\u202F', '\u3000', '\u205F':
        return ' ';
      default:
        break;
    }
    if (c >= '\u2000' && c <= '\u200A') {
      return ' ';
    }
    if (c >= '\uFF01' && c <= '\uFF5E') {
      return c - 0xFEE0;
    }
    char latin = lookAlike(c);
    return latin != 0 && latinNeighbour(text, i) ? latin : c;
  }

  /** The Latin letter that a Cyrillic or Greek letter looks like, or 0. */
  private static char lookAlike(char c) {
    return switch (c) {
      case '\u0430' -> 'a';
      case '\u0435' -> 'e';
      case '\u043E', '\u03BF' -> 'o';
      case '\u0440', '\u03C1' -> 'p';
      case '\u0441' -> 'c';
      case '\u0445', '\u03C7' -> 'x';
      case '\u0443' -> 'y';
      case '\u0456' -> 'i';
      case '\u0458' -> 'j';
      case '\u0455' -> 's';
      case '\u0501' -> 'd';
      case '\u04BB' -> 'h';
      case '\u0410', '\u0391' -> 'A';
      case '\u0412', '\u0392' -> 'B';
      case '\u0415', '\u0395' -> 'E';
      case '\u041A', '\u039A' -> 'K';
      case '\u041C', '\u039C' -> 'M';
      case '\u041D', '\u0397' -> 'H';
      case '\u041E', '\u039F' -> 'O';
      case '\u0420', '\u03A1' -> 'P';
      case '\u0421' -> 'C';
      case '\u0422', '\u03A4' -> 'T';
      case '\u0425', '\u03A7' -> 'X';
      case '\u0406', '\u0399' -> 'I';
      case '\u0408' -> 'J';
      case '\u0405' -> 'S';
      case '\u0396' -> 'Z';
      case '\u039D' -> 'N';
      default -> 0;
    };
  }

  /** True if the word around {@code i} (letters, digits, {@code @ . _ -}) holds an ASCII letter. */
  private static boolean latinNeighbour(CharSequence text, int i) {
    for (int step = -1; step <= 1; step += 2) {
      for (int p = i + step; p >= 0 && p < text.length(); p += step) {
        char c = text.charAt(p);
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
          return true;
        }
        if (!(Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '_' || c == '-')) {
          break;
        }
      }
    }
    return false;
  }

  /** The printable ASCII char that {@code %XX} at {@code i} encodes, or -1. */
  private static int percent(CharSequence text, int i) {
    if (i + 2 >= text.length()) {
      return -1;
    }
    int h = hex(text.charAt(i + 1));
    int l = hex(text.charAt(i + 2));
    int v = h << 4 | l;
    return h < 0 || l < 0 || v < 0x20 || v > 0x7E ? -1 : v;
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static final String[][] NAMED = {{"&commat;", "@"}, {"&period;", "."}, {"&amp;", "&"},
      {"&nbsp;", " "}, {"&lowbar;", "_"}, {"&hyphen;", "-"}, {"&dash;", "-"}, {"&plus;", "+"},
      {"&colon;", ":"}, {"&sol;", "/"}};

  /**
   * The char and length of an HTML character reference at {@code i} ({@code &#64;},
   * {@code &#x40;}, a few named ones), packed as {@code length << 16 | char}, or -1.
   */
  private static long reference(CharSequence text, int i) {
    int n = text.length();
    if (i + 3 < n && text.charAt(i + 1) == '#') {
      boolean hexForm = text.charAt(i + 2) == 'x' || text.charAt(i + 2) == 'X';
      int p = hexForm ? i + 3 : i + 2;
      int v = 0;
      int digits = 0;
      while (p < n && digits < 6) {
        int d = hexForm ? hex(text.charAt(p)) : Character.isDigit(text.charAt(p)) && text.charAt(p) < 0x80 ? text.charAt(p) - '0' : -1;
        if (d < 0) {
          break;
        }
        v = v * (hexForm ? 16 : 10) + d;
        digits++;
        p++;
      }
      if (digits == 0 || p >= n || text.charAt(p) != ';' || v < 0x20 || v > 0xFFFF
          || v >= 0xD800 && v <= 0xDFFF) {
        return -1;
      }
      return (long) (p + 1 - i) << 16 | v;
    }
    for (String[] named : NAMED) {
      String name = named[0];
      if (i + name.length() <= n && regionMatches(text, i, name)) {
        return (long) name.length() << 16 | named[1].charAt(0);
      }
    }
    return -1;
  }

  private static boolean regionMatches(CharSequence text, int at, String s) {
    for (int k = 0; k < s.length(); k++) {
      if (text.charAt(at + k) != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** A line break (LF, CR or CRLF) right between two runs of exactly four digits. */
  private static boolean lineBreakInNumber(CharSequence text, int i) {
    int n = text.length();
    int after = i + (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1);
    if (text.charAt(i) == '\n' && i > 0 && text.charAt(i - 1) == '\r') {
      return false;
    }
    return digitRun(text, i - 1, -1) == 4 && digitRun(text, after, 1) == 4;
  }

  /** The length of the run of ASCII digits from {@code from} in direction {@code step}. */
  private static int digitRun(CharSequence text, int from, int step) {
    int k = 0;
    for (int p = from; p >= 0 && p < text.length() && k < 5; p += step) {
      char c = text.charAt(p);
      if (c < '0' || c > '9') {
        break;
      }
      k++;
    }
    return k;
  }
}
