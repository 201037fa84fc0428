package dev.veil.protect;

/**
 * Restores surrogates in one stream of text (the content of one choice, or the arguments of one
 * tool call), fed in pieces of any size.
 *
 * <p>The text is scanned once, left to right, against the request's case-folded surrogate keys.
 * Tokens match with or without their brackets and in any case ({@code [PERSON_7f3a2c]}, {@code
 * person_7f3a2c}); without brackets they must stand as a word of their own. Because every key is
 * distinct once folded, such a match is never ambiguous; where keys share a beginning, the longest
 * complete one wins.
 *
 * <p>Only the shortest tail that could still become a surrogate is held back: from the earliest
 * position where the rest of the text begins a longer key, or where a complete key still needs one
 * more character to decide its boundary or closing bracket. Text that cannot start a surrogate is
 * returned at once. Not thread-safe; one instance per stream of text.
 */
final class RestoreChannel {

  private static final int NO_MATCH = 0;
  private static final int NEED_MORE = -1;

  private final Pseudonyms.Keys keys;
  private final boolean jsonEscape;
  private final boolean active;
  /** The undecided tail of the text fed so far. */
  private final StringBuilder pending = new StringBuilder();
  /** Working copy of the pending tail and the new text, scanned as an array. */
  private char[] chars = new char[0];
  private char before = ' ';
  private String matched;

  /**
   * @param jsonEscape true when the text is the inside of a JSON document (tool arguments), so
   *     restored originals are escaped as JSON string content
   */
  RestoreChannel(Pseudonyms pseudonyms, boolean jsonEscape) {
    this.keys = pseudonyms.keys();
    this.jsonEscape = jsonEscape;
    this.active = !pseudonyms.isEmpty();
  }

  /** Appends to {@code out} all restored text that can no longer be part of a surrogate. */
  void feed(CharSequence text, StringBuilder out) {
    if (!active) {
      out.append(text);
      return;
    }
    int held = pending.length();
    int n = held + text.length();
    char[] a = room(n);
    pending.getChars(0, held, a, 0);
    if (text instanceof String s) {
      s.getChars(0, s.length(), a, held);
    } else if (text instanceof StringBuilder sb) {
      sb.getChars(0, sb.length(), a, held);
    } else {
      for (int k = held; k < n; k++) {
        a[k] = text.charAt(k - held);
      }
    }
    drain(n, out, false);
  }

  /** Appends everything held back, restored; the stream has ended. */
  void flush(StringBuilder out) {
    if (active) {
      int n = pending.length();
      pending.getChars(0, n, room(n), 0);
      drain(n, out, true);
    }
  }

  private char[] room(int n) {
    if (chars.length < n) {
      chars = new char[Math.max(n, 2 * chars.length)];
    }
    return chars;
  }

  /** Restores the first {@code n} chars of {@link #chars}; the undecided tail goes to pending. */
  private void drain(int n, StringBuilder out, boolean end) {
    char[] a = chars;
    int copied = 0;
    int i = 0;
    while (i < n) {
      int r = matchAt(a, n, i, end);
      if (r == NEED_MORE) {
        break;
      }
      if (r > 0) {
        out.append(a, copied, i - copied);
        appendOriginal(matched, out);
        i += r;
        copied = i;
      } else {
        i++;
      }
    }
    out.append(a, copied, i - copied);
    if (i > 0) {
      before = a[i - 1];
    }
    pending.setLength(0);
    pending.append(a, i, n - i);
  }

  /** The length of a surrogate at {@code i} (setting {@link #matched}), NO_MATCH or NEED_MORE. */
  private int matchAt(char[] t, int n, int i, boolean end) {
    boolean bracket = t[i] == '[';
    int p = bracket ? i + 1 : i;
    if (!bracket && isWord(i == 0 ? before : t[i - 1])) {
      return NO_MATCH;
    }
    if (p == n) {
      return end ? NO_MATCH : NEED_MORE;
    }
    char first = Character.toLowerCase(t[p]);
    if (!keys.mayStart(first)) {
      return NO_MATCH;
    }
    int best = -1;
    int bestEnd = -1;
    boolean cut = false;
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.key(k);
      if (key.charAt(0) != first) {
        continue;
      }
      int len = key.length();
      int m = Math.min(len, n - p);
      int q = 1;
      while (q < m && Character.toLowerCase(t[p + q]) == key.charAt(q)) {
        q++;
      }
      if (q < m) {
        continue;
      }
      if (len > n - p) {
        cut = true;
      } else if (p + len > bestEnd) {
        best = k;
        bestEnd = p + len;
      }
    }
    if (cut && !end) {
      return NEED_MORE;
    }
    if (best < 0 || (bracket && !keys.token(best))) {
      return NO_MATCH;
    }
    int e = bestEnd;
    if (e == n) {
      if (!end) {
        return NEED_MORE;
      }
    } else if (keys.token(best) && t[e] == ']') {
      e++;
    } else if (isWord(t[e])) {
      return NO_MATCH;
    }
    matched = keys.original(best);
    return e - i;
  }

  private static boolean isWord(char c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return Character.isLetterOrDigit(c);
  }

  private void appendOriginal(String original, StringBuilder out) {
    if (!jsonEscape) {
      out.append(original);
      return;
    }
    for (int k = 0; k < original.length(); k++) {
      char c = original.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
