package dev.veil.detect.pattern;

/**
 * Finds the occurrences of one char in a text from left to right, searching again only when the
 * caller has moved past the last one found, so a whole scan costs one pass per cursor. One per
 * scan; not thread-safe.
 */
public final class CharCursor {

  private final CharSequence text;
  private final char c;
  /** Last occurrence found, -1 once there is none left, -2 before the first search. */
  private int at = -2;

  public CharCursor(CharSequence text, char c) {
    this.text = text;
    this.c = c;
  }

  /** Index of the first occurrence at or after {@code from}, or -1; {@code from} must not decrease. */
  public int next(int from) {
    if (at == -2 || at >= 0 && at < from) {
      at = Chars.indexOf(text, c, from);
    }
    return at;
  }
}
