package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.util.List;

/**
 * MAC addresses: six hex pairs joined by one separator ({@code :} or {@code -}, the same
 * throughout), or the three dotted quads of Cisco notation ({@code 0123.4567.89ab}).
 */
public final class MacAddressRecognizer implements Recognizer {

  @Override
  public String name() {
    return "mac_address";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    CharCursor colon = new CharCursor(text, ':');
    CharCursor dash = new CharCursor(text, '-');
    CharCursor dot = new CharCursor(text, '.');
    for (int i = 0; i + 14 <= n; i++) {
      // a candidate has ':' or '-' two chars after its start, or '.' four chars after it
      int first = Math.min(before(colon.next(i + 2), 2), before(dash.next(i + 2), 2));
      first = Math.min(first, before(dot.next(i + 4), 4));
      if (first == Integer.MAX_VALUE) {
        break;
      }
      i = Math.max(i, first);
      if (i + 14 > n) {
        break;
      }
      char c = text.charAt(i);
      if (!Chars.isHex(c) || !Chars.wordStart(text, i)) {
        if (Chars.isAlnum(c)) {
          i = Chars.skipAlnum(text, i + 1) - 1;
        }
        continue;
      }
      int end = pairs(text, i, n);
      if (end < 0) {
        end = cisco(text, i, n);
      }
      if (end > 0 && Chars.wordEnd(text, end) && !(end < n && (text.charAt(end) == ':'
          || text.charAt(end) == '-') && end + 1 < n && Chars.isHex(text.charAt(end + 1)))) {
        out.add(new Finding(EntityType.MAC_ADDRESS, i, end, 0.8, name()));
        i = end;
      }
    }
  }

  private static int before(int separator, int offset) {
    return separator < 0 ? Integer.MAX_VALUE : separator - offset;
  }

  private static int pairs(CharSequence s, int i, int n) {
    if (i + 17 > n) {
      return -1;
    }
    char sep = s.charAt(i + 2);
    if (sep != ':' && sep != '-') {
      return -1;
    }
    for (int g = 0; g < 6; g++) {
      int p = i + g * 3;
      if (!Chars.isHex(s.charAt(p)) || !Chars.isHex(s.charAt(p + 1))) {
        return -1;
      }
      if (g < 5 && s.charAt(p + 2) != sep) {
        return -1;
      }
    }
    return i + 17;
  }

  private static int cisco(CharSequence s, int i, int n) {
    for (int g = 0; g < 3; g++) {
      int p = i + g * 5;
      for (int k = 0; k < 4; k++) {
        if (!Chars.isHex(s.charAt(p + k))) {
          return -1;
        }
      }
      if (g < 2 && s.charAt(p + 4) != '.') {
        return -1;
      }
    }
    return i + 14;
  }
}
